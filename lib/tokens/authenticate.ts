import { db } from "@/lib/db/client";
import { invalidToken } from "@/lib/core/errors";
import type { TokenKindName, TokenPrincipal } from "@/lib/access/principal";
import { hashToken, isWellFormedToken } from "./format";


const LAST_USED_THROTTLE_MS = 60_000;

/**
 * Verifies a PAT on every request (no cache), so revocation and expiry apply to the very
 * next call. Malformed tokens (prefix, length, alphabet, checksum) are rejected before any
 * lookup. Only personal tokens are accepted unless the caller asks for other kinds: an
 * automation token bound to an inbound webhook must not work on the REST API.
 */
export async function authenticatePat(token: string, opts: { kinds?: readonly TokenKindName[] } = {}): Promise<TokenPrincipal> {
  if (!isWellFormedToken(token, "pat")) throw invalidToken("Invalid API token");
  const kinds = opts.kinds ?? ["personal"];
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, name: true, userId: true, workspaceId: true, projectId: true, scopes: true, kind: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt || !kinds.includes(row.kind)) throw invalidToken("Invalid API token");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw invalidToken("API token has expired");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
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
