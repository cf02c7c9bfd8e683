import { ApiError, forbidden, unauthorized } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { requestMeta } from "@/lib/http/request-context";
import { addLogContext } from "@/lib/core/log-context";
import { authenticatePlatformToken, type PlatformPrincipal } from "@/lib/platform/authenticate-platform";
import { consumeAll } from "@/lib/rate-limit/consume-all";
import { limit } from "@/lib/rate-limit/limiter";
import { toErrorResponse } from "./error-response";

// The operator API's wrapper (/v1/platform/*): an `ar_platform_` bearer token and nothing else —
// no session cookie, no PAT — from an address on the token's allowlist. The tenant wrappers
// (with-auth.ts) never accept a platform token, and this one never accepts theirs.

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
export type PlatformContext = { req: Request; meta: RequestMeta; params: Record<string, string>; platform: PlatformPrincipal };

const PLATFORM_BEARER = /^Bearer\s+(ar_platform_\S*)\s*$/i;
const platformLimit = () => limit("api_platform", 600, 60, { perProcess: true });

/** Whether a request presents a platform token (by its prefix; not verified). */
export function presentsPlatformToken(req: Request): boolean {
  return /^Bearer\s+ar_platform_/i.test(req.headers.get("authorization") ?? "");
}

function bearerOf(req: Request): string {
  const authorization = req.headers.get("authorization");
  if (authorization === null) throw unauthorized("A platform token is required (Authorization: Bearer ar_platform_…)");
  const match = PLATFORM_BEARER.exec(authorization);
  if (!match) throw new ApiError("unauthorized", "Platform routes accept only platform tokens", { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
  return match[1];
}

async function paramsOf(route: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = route?.params ? await route.params : {};
  const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : (v ?? "")]));
  if (Object.values(params).some((v) => v.includes("\u0000"))) throw new ApiError("not_found", "Resource not found");
  return params;
}

export function withPlatform(handler: (ctx: PlatformContext) => Promise<unknown>): (req: Request, route?: RouteContext) => Promise<Response> {
  return async (req, route) => {
    const meta = requestMeta(req);
    addLogContext({ requestId: meta.requestId });
    const headers: Record<string, string> = {};
    try {
      const platform = await authenticatePlatformToken(bearerOf(req), meta);
      Object.assign(headers, await consumeAll([[platformLimit(), `ptok:${platform.tokenId}`]]));
      const result = await handler({ req, meta, params: await paramsOf(route), platform });
      const res = result instanceof Response ? result : Response.json(result ?? null);
      res.headers.set("X-Request-Id", meta.requestId);
      res.headers.set("Cache-Control", "no-store");
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    } catch (err) {
      const res = toErrorResponse(err, meta.requestId);
      for (const [k, v] of Object.entries(headers)) if (!res.headers.has(k)) res.headers.set(k, v);
      return res;
    }
  };
}

/** What every route outside /v1/platform answers a platform token: nothing of the tenants' is theirs. */
export function refusePlatformToken(req: Request): Response {
  return toErrorResponse(forbidden("Platform tokens reach only /v1/platform/*"), requestMeta(req).requestId);
}
