import type { Tx } from "@/lib/db/client";
import { decryptSecret, encryptSecret, type SecretRef } from "@/lib/vault";
import type { TokenEndpointResponse } from "oauth4webapi";

// An OAuth connection's `secret` column: the vault ciphertext of this JSON. The access token
// expiry lives in plain `accessTokenExpiresAt` so "does it need a refresh?" needs no decrypt.

export type OAuthTokenSecret = { accessToken: string; refreshToken: string | null; tokenType: string; idToken?: string };

function connectionSecretRef(conn: { id: string; workspaceId: string }): SecretRef {
  return { workspaceId: conn.workspaceId, table: "Connection", rowId: conn.id, column: "secret" };
}

export async function sealTokens(conn: { id: string; workspaceId: string }, tokens: OAuthTokenSecret, tx?: Tx): Promise<Uint8Array<ArrayBuffer>> {
  return encryptSecret(connectionSecretRef(conn), JSON.stringify(tokens), tx);
}

/** The one place an OAuth connection's tokens are decrypted. */
export async function openTokens(conn: { id: string; workspaceId: string; secret: Uint8Array | null }, tx?: Tx): Promise<OAuthTokenSecret | null> {
  if (!conn.secret) return null;
  return JSON.parse(await decryptSecret(connectionSecretRef(conn), conn.secret, tx)) as OAuthTokenSecret;
}

/**
 * Tokens from a token endpoint answer. Providers may omit the refresh token on a refresh
 * (keep the old one) or rotate it (store the new one).
 */
export function tokensFrom(res: TokenEndpointResponse, previous?: OAuthTokenSecret | null): OAuthTokenSecret {
  return {
    accessToken: res.access_token,
    refreshToken: res.refresh_token ?? previous?.refreshToken ?? null,
    tokenType: res.token_type,
    ...(res.id_token ? { idToken: res.id_token } : previous?.idToken ? { idToken: previous.idToken } : {}),
  };
}

export function expiresAtFrom(res: TokenEndpointResponse, now = Date.now()): Date | null {
  return typeof res.expires_in === "number" && res.expires_in > 0 ? new Date(now + res.expires_in * 1000) : null;
}

/** Granted scopes: the provider's `scope` when it says, else what was requested. */
export function grantedScopes(res: TokenEndpointResponse, requested: string[]): string[] {
  return typeof res.scope === "string" && res.scope.trim() ? res.scope.trim().split(/[\s,]+/) : requested;
}
