import { createMcpHandler, type AuthInfo } from "@modelcontextprotocol/server";
import { unauthorized } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { requestMeta } from "@/lib/http/request-context";
import { toErrorResponse } from "@/lib/api/error-response";
import { withProject, type ProjectContext } from "@/lib/api/with-auth";
import { checkMcpOrigin } from "./origin";
import { mcpChallenge } from "./resource-metadata";
import { buildServer } from "./server";

// /mcp: our checks first — Origin, a PAT (never the console cookie), the workspace and project
// through the same wrapper as REST (rate limits, tenancy, denials audited) — then the SDK's
// web-standard handler, which serves 2026-07-28 requests and, statelessly, 2025-era ones
// (GET and DELETE, 2025 session operations, answer 405). One server per request, built for
// the caller's rights.

const CONTEXT = "agentruntime/context";

const sdk = createMcpHandler(({ authInfo }) => buildServer(authInfo?.extra?.[CONTEXT] as ProjectContext), {
  legacy: "stateless",
  onerror: (err) => logger.warn("mcp request refused or failed", { err: err.message }),
});

function authInfoOf(ctx: ProjectContext): AuthInfo {
  const token = ctx.principal.type === "token" ? ctx.principal : null;
  return {
    token: token?.tokenId ?? "",
    clientId: token?.tokenId ?? ctx.principal.userId,
    scopes: token ? [...token.scopes] : [],
    ...(token?.expiresAt ? { expiresAt: Math.floor(token.expiresAt.getTime() / 1000) } : {}),
    extra: { [CONTEXT]: ctx },
  };
}

const authenticated = withProject(async (ctx) => sdk.fetch(ctx.req, { authInfo: authInfoOf(ctx) }), { action: "project.read" });

/** The /mcp route handler (POST, GET, DELETE). */
export async function serveMcp(req: Request): Promise<Response> {
  const meta = requestMeta(req);
  try {
    checkMcpOrigin(req, meta);
    // PAT only: without an Authorization header the wrapper would fall back to the session cookie.
    if (req.headers.get("authorization") === null) throw unauthorized("A personal access token is required: Authorization: Bearer ar_pat_…");
  } catch (err) {
    return challenged(toErrorResponse(err, meta.requestId), meta);
  }
  return challenged(await authenticated(req, { params: Promise.resolve({}) }), meta);
}

function challenged(res: Response, meta: ReturnType<typeof requestMeta>): Response {
  if (res.status === 401) res.headers.set("WWW-Authenticate", mcpChallenge(meta, res.headers.get("www-authenticate")));
  return res;
}
