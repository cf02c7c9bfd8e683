import * as oauth from "oauth4webapi";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import type { AuditActor, RequestMeta } from "@/lib/core/scope";
import { oauthClient } from "./client";
import { isOAuthProvider } from "./providers";
import { openTokens, type OAuthTokenSecret } from "./token-secret";

// When a connection lets go of its tokens (deleted, or reconnected with a new grant) they are
// revoked at the provider (RFC 7009), refresh token first — which ends the grant at providers
// that tie access tokens to it — then the access token. Not when another OAuth connection of
// the workspace holds the same grant: revoking would break it. Best effort: the deletion or
// reconnection has already happened; a provider that is down only costs a log line and an
// audit entry saying so.

export type RevokeOutcome = "revoked" | "shared" | "unsupported" | "failed" | "none";

type Released = { id: string; workspaceId: string; projectId: string; provider: string; tokens: OAuthTokenSecret | null };

/** The tokens a connection row holds, read before they are deleted or replaced. */
export async function tokensOf(conn: { id: string; workspaceId: string; secret: Uint8Array | null }): Promise<OAuthTokenSecret | null> {
  return openTokens(conn).catch(() => null);
}

const sameGrant = (a: OAuthTokenSecret, b: OAuthTokenSecret) => (a.refreshToken !== null && a.refreshToken === b.refreshToken) || a.accessToken === b.accessToken;

async function heldElsewhere(released: Released, tokens: OAuthTokenSecret): Promise<boolean> {
  const others = await db.connection.findMany({
    where: { workspaceId: released.workspaceId, type: "oauth2", provider: released.provider, id: { not: released.id }, secret: { not: null } },
    select: { id: true, workspaceId: true, secret: true },
  });
  for (const other of others) {
    const held = await tokensOf(other);
    if (held && sameGrant(held, tokens)) return true;
  }
  return false;
}

async function revokeAtProvider(provider: string, tokens: OAuthTokenSecret): Promise<RevokeOutcome> {
  if (!isOAuthProvider(provider)) return "unsupported";
  const c = await oauthClient(provider);
  if (!c.as.revocation_endpoint) return "unsupported";
  const pairs: [string, string][] = [];
  if (tokens.refreshToken) pairs.push([tokens.refreshToken, "refresh_token"]);
  pairs.push([tokens.accessToken, "access_token"]);
  for (const [token, hint] of pairs) {
    const res = await oauth.revocationRequest(c.as, c.client, c.auth, token, { ...c.options(), additionalParameters: { token_type_hint: hint } });
    await oauth.processRevocationResponse(res);
  }
  return "revoked";
}

/**
 * Revokes the tokens a connection released, unless the workspace still holds the same grant
 * (another connection, or — after a reconnect — the connection's own new tokens: `kept`).
 * Audited as connection.oauth_revoke with its outcome.
 */
export async function revokeReleasedTokens(
  released: Released,
  ctx: { actor: AuditActor; meta?: RequestMeta | null; kept?: OAuthTokenSecret | null },
): Promise<RevokeOutcome> {
  const tokens = released.tokens;
  let outcome: RevokeOutcome;
  if (!tokens) outcome = "none";
  else if ((ctx.kept && sameGrant(ctx.kept, tokens)) || (await heldElsewhere(released, tokens))) outcome = "shared";
  else {
    outcome = await revokeAtProvider(released.provider, tokens).catch((err: unknown) => {
      logger.warn("OAuth token revocation failed", { connectionId: released.id, provider: released.provider, err });
      return "failed" as const;
    });
  }
  if (outcome !== "none") {
    await recordAudit({
      workspaceId: released.workspaceId,
      projectId: released.projectId,
      actor: ctx.actor,
      action: "connection.oauth_revoke",
      target: { type: "connection", id: released.id },
      metadata: { provider: released.provider, outcome },
      request: ctx.meta ?? null,
    }).catch((err: unknown) => logger.warn("audit of an OAuth revocation failed", { err }));
  }
  return outcome;
}
