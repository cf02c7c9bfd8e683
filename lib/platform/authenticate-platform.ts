import { db } from "@/lib/db/client";
import { ApiError, invalidToken } from "@/lib/core/errors";
import type { RequestMeta } from "@/lib/core/scope";
import { hashToken, isWellFormedToken } from "@/lib/tokens/format";
import { ipAllowed } from "./token-policy";
import { recordPlatformAudit, type PlatformActor } from "./record-platform-audit";

/** An operator calling /v1/platform with a valid token from an allowed address. */
export type PlatformPrincipal = { type: "platform"; tokenId: string; tokenName: string };

const LAST_USED_THROTTLE_MS = 60_000;

export const platformActor = (p: PlatformPrincipal): PlatformActor => ({ type: "platform_token", tokenId: p.tokenId, label: p.tokenName });

/**
 * The token's row read on this request (never cached): malformed, unknown, revoked or expired
 * → 401; the request's address outside the token's allowlist → 403, written to
 * platform_audit_log (a leaked token tried from elsewhere is worth knowing about).
 */
export async function authenticatePlatformToken(token: string, meta: RequestMeta): Promise<PlatformPrincipal> {
  if (!isWellFormedToken(token, "platform")) throw invalidToken("Invalid platform token");
  const row = await db.platformToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, name: true, allowedCidrs: true, expiresAt: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) throw invalidToken("Invalid platform token");
  if (row.expiresAt.getTime() <= Date.now()) throw invalidToken("Platform token has expired");
  const principal: PlatformPrincipal = { type: "platform", tokenId: row.id, tokenName: row.name };
  if (!ipAllowed(meta.ip, row.allowedCidrs)) {
    await recordPlatformAudit({ actor: platformActor(principal), action: "platform.access_denied", metadata: { reason: "ip_not_allowed" }, request: meta });
    throw new ApiError("forbidden", "This platform token may not be used from this address");
  }
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_THROTTLE_MS) {
    // Best-effort bookkeeping: a failed write must not fail the request.
    db.platformToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(), lastUsedIp: meta.ip } }).catch(() => {});
  }
  return principal;
}
