import { liveSession, sessionIdFromCookies } from "@/lib/auth/session";
import { patHashOrThrow, tokenPrincipalOf } from "@/lib/tokens/authenticate";
import type { Principal } from "@/lib/access/principal";
import type { AccessRows, Credential } from "@/lib/access/load-access";
import { ApiError, unauthorized } from "@/lib/core/errors";

/**
 * The credential a request presents: a bearer PAT when an Authorization header is present (a
 * bad one is a 401, never a fallback to the cookie), otherwise the console session cookie.
 * What can be refused without a lookup is refused here (a malformed header or token, no cookie).
 */
export async function readCredential(req: Request, opts: { allowSession: boolean } = { allowSession: true }): Promise<Credential> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new ApiError("unauthorized", "Authorization must be `Bearer <token>`", { headers: { "WWW-Authenticate": 'Bearer error="invalid_request"' } });
    }
    return { type: "token", tokenHash: patHashOrThrow(match[1]) };
  }
  if (opts.allowSession) {
    const sessionId = await sessionIdFromCookies(req.headers.get("cookie"));
    if (sessionId) return { type: "session", sessionId };
  }
  throw unauthorized();
}

/** Who is calling, from the credential's row read on this request: a 401 when it is unknown, revoked, expired or ended. */
export function principalOf(credential: Credential, rows: Pick<AccessRows, "token" | "session">): Principal {
  if (credential.type === "token") return tokenPrincipalOf(rows.token);
  const session = liveSession(credential.sessionId, rows.session);
  if (!session) throw unauthorized();
  return { type: "session", ...session };
}
