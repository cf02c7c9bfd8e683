import { OAuthConnectionUnavailableError, OAuthReconnectRequiredError } from "./errors";
import { loadOAuthRow, needsRefresh, refreshOAuthAccessToken, type OAuthScope } from "./refresh";
import { openTokens } from "./token-secret";

export type { OAuthScope } from "./refresh";

/** A valid access token for the connection, refreshed ahead of expiry when needed. */
export async function getOAuthAccessToken(scope: OAuthScope, connectionId: string): Promise<string> {
  const row = await loadOAuthRow(scope, connectionId);
  if (!row) throw new OAuthConnectionUnavailableError(connectionId, "no such OAuth connection in this project");
  if (row.status === "needs_reconnect") throw new OAuthReconnectRequiredError(connectionId, row.statusReason ?? "Access was revoked");
  if (needsRefresh(row)) return refreshOAuthAccessToken(scope, connectionId);
  const tokens = await openTokens(row);
  if (!tokens) throw new OAuthConnectionUnavailableError(connectionId, "the connection has no tokens yet");
  return tokens.accessToken;
}

function isUnauthorized(err: unknown): boolean {
  const e = err as { status?: unknown; statusCode?: unknown; response?: { status?: unknown } } | null;
  return !!e && (e.status === 401 || e.statusCode === 401 || e.response?.status === 401);
}

/**
 * Calls `fn` with a valid access token. When the upstream answers 401 (a Response with status
 * 401, or an error carrying status 401) the token is refreshed once and `fn` retried once.
 */
export async function withOAuthAccess<T>(scope: OAuthScope, connectionId: string, fn: (accessToken: string) => Promise<T>): Promise<T> {
  const token = await getOAuthAccessToken(scope, connectionId);
  let result: T;
  try {
    result = await fn(token);
  } catch (err) {
    if (!isUnauthorized(err)) throw err;
    return fn(await refreshOAuthAccessToken(scope, connectionId, { rejected: token }));
  }
  if (result instanceof Response && result.status === 401) {
    await result.body?.cancel();
    return fn(await refreshOAuthAccessToken(scope, connectionId, { rejected: token }));
  }
  return result;
}
