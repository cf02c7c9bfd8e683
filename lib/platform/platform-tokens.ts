import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { displayPrefix, generateToken, hashToken } from "@/lib/tokens/format";
import { normalizeAllowlist, parseExpiry, PlatformTokenPolicyError } from "./token-policy";
import { recordPlatformAudit, type PlatformActor } from "./record-platform-audit";

// The lifecycle of `ar_platform_` tokens. Only scripts/platform.ts calls these: there is no
// route and no console page that issues, lists or revokes them.

const tokenView = {
  id: true,
  name: true,
  prefix: true,
  allowedCidrs: true,
  expiresAt: true,
  createdBy: true,
  createdAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
  revokedAt: true,
} as const;

export type PlatformTokenView = { id: string; name: string; prefix: string; allowedCidrs: string[]; expiresAt: Date; createdBy: string | null; createdAt: Date; lastUsedAt: Date | null; lastUsedIp: string | null; revokedAt: Date | null };

type IssueInput = { name: string | undefined; ips: readonly string[]; expires: string | undefined; createdBy: string | null; now?: Date };

/**
 * Issues a token after the policy (name, allowlist, expiry ≤ 30 days) passes; stores its
 * SHA-256 and display prefix only, audits the issue in the same transaction, and returns the
 * value to be shown once.
 */
export async function issuePlatformToken(input: IssueInput): Promise<{ token: string; row: PlatformTokenView }> {
  const name = input.name?.trim();
  if (!name || name.length > 100) throw new PlatformTokenPolicyError("--name is required (1–100 characters): say who or what the token is for");
  const allowedCidrs = normalizeAllowlist(input.ips);
  const expiresAt = parseExpiry(input.expires, input.now);
  const token = generateToken("platform");
  const row = await db.$transaction(async (tx) => {
    const created = await tx.platformToken.create({
      data: { id: newId("platformToken"), name, tokenHash: hashToken(token), prefix: displayPrefix(token), allowedCidrs, expiresAt, createdBy: input.createdBy },
      select: tokenView,
    });
    await recordPlatformAudit(
      { actor: cliActor(input.createdBy), action: "platform.token.create", target: { type: "platform_token", id: created.id }, after: { name, prefix: created.prefix, allowedCidrs, expiresAt } },
      tx,
    );
    return created;
  });
  return { token, row };
}

/** Every token, newest first (revoked and expired ones too: they are part of the record). */
export async function listPlatformTokens(): Promise<PlatformTokenView[]> {
  return db.platformToken.findMany({ select: tokenView, orderBy: { id: "desc" } });
}

/** Revokes a token (idempotent); its next request is a 401. Null when there is no such token. */
export async function revokePlatformToken(id: string, createdBy: string | null): Promise<{ row: PlatformTokenView; already: boolean } | null> {
  return db.$transaction(async (tx) => {
    const before = await tx.platformToken.findUnique({ where: { id }, select: tokenView });
    if (!before) return null;
    if (before.revokedAt) return { row: before, already: true };
    const row = await tx.platformToken.update({ where: { id }, data: { revokedAt: new Date() }, select: tokenView });
    await recordPlatformAudit(
      { actor: cliActor(createdBy), action: "platform.token.revoke", target: { type: "platform_token", id }, before: { revokedAt: null }, after: { revokedAt: row.revokedAt } },
      tx,
    );
    return { row, already: false };
  });
}

export const cliActor = (who: string | null): PlatformActor => ({ type: "cli", label: who });
