import { db } from "@/lib/db/client";
import { invalidToken, workspacePendingDeletion } from "@/lib/core/errors";
import type { TokenKindName, TokenPrincipal, TokenRow } from "@/lib/access/principal";
import { hashToken, isWellFormedToken } from "./format";

const LAST_USED_THROTTLE_MS = 60_000;

/** The SHA-256 a well-formed PAT is stored under; malformed tokens (prefix, length, alphabet, checksum) are a 401 before any lookup. */
export function patHashOrThrow(token: string): string {
  if (!isWellFormedToken(token, "pat")) throw invalidToken("Invalid API token");
  return hashToken(token);
}

/** Whether using the token now records the use (lastUsedAt is written at most once a minute). */
export function lastUseIsStale(row: Pick<TokenRow, "lastUsedAt">, now = Date.now()): boolean {
  return !row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS;
}

/**
 * The principal of a token row read on this very request (no cache), so revocation and expiry
 * apply to the very next call. Only personal tokens are accepted unless the caller asks for
 * other kinds: an automation token bound to an inbound webhook must not work on the REST API.
 */
export function tokenPrincipalOf(row: TokenRow | null, kinds: readonly TokenKindName[] = ["personal"]): TokenPrincipal {
  if (!row || row.revokedAt || !kinds.includes(row.kind)) throw invalidToken("Invalid API token");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw invalidToken("API token has expired");
  if (row.workspacePendingDeletion) throw workspacePendingDeletion();
  if (lastUseIsStale(row)) {
    // Throttled and best-effort: a failed bookkeeping write must not fail the request.
    db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return {
    type: "token",
    tokenId: row.id,
    tokenName: row.name,
    userId: row.userId,
    workspaceId: row.workspaceId,
    projectId: row.projectId,
    scopes: row.scopes,
    kind: row.kind,
    expiresAt: row.expiresAt,
  };
}

/** Verifies a PAT on its own (scripts, tests); the API and inbound deliveries read it with the tenancy in one query (lib/access/load-access.ts). */
export async function authenticatePat(token: string, opts: { kinds?: readonly TokenKindName[] } = {}): Promise<TokenPrincipal> {
  const tokenHash = patHashOrThrow(token);
  const row = await db.apiToken.findUnique({
    where: { tokenHash },
    select: { id: true, name: true, userId: true, workspaceId: true, projectId: true, scopes: true, kind: true, expiresAt: true, revokedAt: true, lastUsedAt: true, user: { select: { disabledAt: true } }, workspace: { select: { deletionScheduledFor: true } } },
  });
  // A disabled account's tokens do not work (a platform operator disabled it); they are not revoked.
  return tokenPrincipalOf(row && !row.user.disabledAt ? { ...row, workspacePendingDeletion: row.workspace.deletionScheduledFor !== null } : null, opts.kinds);
}
