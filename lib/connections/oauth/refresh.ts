import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import * as oauth from "oauth4webapi";
import { recordAudit } from "@/lib/audit/record";
import { db, type Tx } from "@/lib/db/client";
import { notifyGateway } from "@/lib/db/notify-gateway";
import { logger } from "@/lib/core/logger";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { oauthClient } from "./client";
import { OAuthConnectionUnavailableError, OAuthReconnectRequiredError, OAuthRefreshError } from "./errors";
import { isOAuthProvider } from "./providers";
import { expiresAtFrom, openTokens, sealTokens, tokensFrom, type OAuthTokenSecret } from "./token-secret";

// One refresh at a time per connection, across every process: a transaction-scoped advisory
// lock keyed by the connection id. Whoever gets the lock re-reads the row and refreshes only
// if the token still needs it; everyone queued behind reuses the token it stored.

/** The tenant and project the caller acts in (the same scope the other connection functions take). */
export type OAuthScope = TenantRef;

/** Refresh when less than this is left, so a token never expires mid-call. */
const REFRESH_AHEAD_MS = 60_000;
const LOCK_WAIT_MS = 30_000;

const oauthRowSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  provider: true,
  status: true,
  statusReason: true,
  secret: true,
  accessTokenExpiresAt: true,
} as const;
type OAuthRow = { id: string; workspaceId: string; projectId: string; provider: string; status: string; statusReason: string | null; secret: Uint8Array | null; accessTokenExpiresAt: Date | null };

export function loadOAuthRow(scope: OAuthScope, connectionId: string, tx: Tx = db): Promise<OAuthRow | null> {
  return tx.connection.findFirst({ where: { id: connectionId, ...tenantWhere(scope), type: "oauth2" }, select: oauthRowSelect });
}

export function needsRefresh(row: { accessTokenExpiresAt: Date | null }, now = Date.now()): boolean {
  return row.accessTokenExpiresAt !== null && row.accessTokenExpiresAt.getTime() - now < REFRESH_AHEAD_MS;
}

type Outcome = { kind: "token"; token: string } | { kind: "reconnect"; reason: string } | { kind: "retry"; message: string } | { kind: "gone" };

async function markNeedsReconnect(tx: Tx, row: OAuthRow, reason: string): Promise<Outcome> {
  await tx.connection.update({ where: { id: row.id }, data: { status: "needs_reconnect", statusReason: reason } });
  // Gateways drop the tokens they cache for the tool proxy.
  await notifyGateway(tx, { kind: "tools", projectId: row.projectId });
  await recordAudit({
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    actor: { type: "system", label: "oauth-refresh" },
    action: "connection.needs_reconnect",
    target: { type: "connection", id: row.id },
    before: { status: row.status },
    after: { status: "needs_reconnect", statusReason: reason },
    metadata: { provider: row.provider },
  }, tx);
  await publishEvent(tx, { workspaceId: row.workspaceId, projectId: row.projectId, type: "connection.needs_reconnect", data: { connectionId: row.id, provider: row.provider, reason } });
  return { kind: "reconnect", reason };
}

async function callTokenEndpoint(row: OAuthRow, tokens: OAuthTokenSecret & { refreshToken: string }) {
  if (!isOAuthProvider(row.provider)) throw new Error(`unknown OAuth provider ${row.provider}`);
  const c = await oauthClient(row.provider);
  const res = await oauth.refreshTokenGrantRequest(c.as, c.client, c.auth, tokens.refreshToken, c.options());
  return oauth.processRefreshTokenResponse(c.as, c.client, res);
}

/** What went wrong, in words safe for logs and error messages (never a response body). */
function describeFailure(err: unknown): string {
  if (err instanceof oauth.ResponseBodyError) return `the token endpoint answered HTTP ${err.status} (${err.error})`;
  if (err instanceof oauth.OperationProcessingError && err.cause instanceof Response) return `the token endpoint answered HTTP ${err.cause.status}`;
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) return "the token endpoint timed out";
  return "the token endpoint could not be reached or answered unexpectedly";
}

async function refreshUnderLock(tx: Tx, scope: OAuthScope, connectionId: string, rejected: string | null): Promise<Outcome> {
  await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended(${`oauth-refresh:${connectionId}`}, 0))) AS l`;
  const row = await loadOAuthRow(scope, connectionId, tx);
  if (!row) return { kind: "gone" };
  if (row.status === "needs_reconnect") return { kind: "reconnect", reason: row.statusReason ?? "Access was revoked" };
  const tokens = await openTokens(row, tx);
  if (!tokens) return { kind: "gone" };
  // Someone refreshed while we queued (or since the upstream said 401): use their token.
  if (!needsRefresh(row) && tokens.accessToken !== rejected) return { kind: "token", token: tokens.accessToken };
  if (!tokens.refreshToken) return markNeedsReconnect(tx, row, "The access token expired and the provider issued no refresh token; reconnect to authorize again");
  let res: oauth.TokenEndpointResponse;
  try {
    res = await callTokenEndpoint(row, { ...tokens, refreshToken: tokens.refreshToken });
  } catch (err) {
    if (err instanceof oauth.ResponseBodyError && err.error === "invalid_grant") {
      return markNeedsReconnect(tx, row, "The provider refused the refresh token (invalid_grant): access was revoked or has expired; reconnect to authorize again");
    }
    const message = describeFailure(err);
    logger.warn("oauth refresh failed", { connectionId, provider: row.provider, reason: message });
    return { kind: "retry", message };
  }
  const next = tokensFrom(res, tokens);
  await tx.connection.update({
    where: { id: row.id },
    data: {
      secret: await sealTokens(row, next, tx),
      accessTokenExpiresAt: expiresAtFrom(res),
      status: "active",
      statusReason: null,
      // A successful refresh proves the grant still works.
      lastValidatedAt: new Date(),
      ...(typeof res.scope === "string" && res.scope.trim() ? { scopes: res.scope.trim().split(/[\s,]+/) } : {}),
    },
  });
  await notifyGateway(tx, { kind: "tools", projectId: row.projectId });
  return { kind: "token", token: next.accessToken };
}

/**
 * A fresh access token: refreshes (once, whatever the number of concurrent callers) when the
 * current one is about to expire or when `rejected` (the token an upstream just refused with
 * 401) is still the stored one.
 */
export async function refreshOAuthAccessToken(scope: OAuthScope, connectionId: string, opts: { rejected?: string } = {}): Promise<string> {
  const outcome = await db.$transaction((tx) => refreshUnderLock(tx, scope, connectionId, opts.rejected ?? null), { maxWait: LOCK_WAIT_MS, timeout: LOCK_WAIT_MS });
  switch (outcome.kind) {
    case "token":
      return outcome.token;
    case "reconnect":
      throw new OAuthReconnectRequiredError(connectionId, outcome.reason);
    case "retry":
      throw new OAuthRefreshError(connectionId, outcome.message);
    case "gone":
      throw new OAuthConnectionUnavailableError(connectionId, "no such OAuth connection with tokens in this project");
  }
}
