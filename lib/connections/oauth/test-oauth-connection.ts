import { OAuthReconnectRequiredError, OAuthRefreshError } from "./errors";
import { refreshOAuthAccessToken, type OAuthScope } from "./refresh";

type OAuthTestResult = { ok: true } | { ok: false; status: "needs_reconnect" | "error"; reason: string };

/**
 * "Test connection" for an OAuth connection: a forced refresh is the one call that proves the
 * grant is still alive (a stored access token can look fine until it expires). The refresh
 * itself records `active` or `needs_reconnect`; a provider outage is reported, not stored
 * as a broken grant.
 */
export async function testOAuthConnection(scope: OAuthScope, connectionId: string, secret: string | null): Promise<OAuthTestResult> {
  let current: string | undefined;
  try {
    current = secret ? ((JSON.parse(secret) as { accessToken?: string }).accessToken ?? undefined) : undefined;
  } catch {
    current = undefined;
  }
  try {
    await refreshOAuthAccessToken(scope, connectionId, { rejected: current });
    return { ok: true };
  } catch (err) {
    if (err instanceof OAuthReconnectRequiredError) return { ok: false, status: "needs_reconnect", reason: err.reason };
    if (err instanceof OAuthRefreshError) return { ok: false, status: "error", reason: "The provider could not be reached to refresh the token; try again" };
    throw err;
  }
}
