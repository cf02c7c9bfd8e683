import { sessionFromCookies } from "@/lib/auth/session";
import { authenticatePat } from "@/lib/tokens/authenticate";
import type { Principal } from "@/lib/access/principal";
import { ApiError, unauthorized } from "@/lib/core/errors";

/**
 * Who is calling: a bearer PAT when an Authorization header is present (a bad one is a 401,
 * never a fallback to the cookie), otherwise the console session cookie.
 */
export async function resolvePrincipal(req: Request, opts: { allowSession: boolean } = { allowSession: true }): Promise<Principal> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new ApiError("unauthorized", "Authorization must be `Bearer <token>`", { headers: { "WWW-Authenticate": 'Bearer error="invalid_request"' } });
    }
    return authenticatePat(match[1]);
  }
  if (opts.allowSession) {
    const session = await sessionFromCookies(req.headers.get("cookie"));
    if (session) return { type: "session", ...session };
  }
  throw unauthorized();
}
