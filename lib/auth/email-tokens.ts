import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import type { EmailTokenKind } from "@/lib/generated/prisma/client";

// Single-use links sent by mail. The link carries 256 random bits; only their SHA-256 is
// stored, so a database leak does not hand out working links.
const EMAIL_TOKEN_TTL_MS: Record<EmailTokenKind, number> = {
  verify_email: 24 * 60 * 60 * 1000,
  reset_password: 60 * 60 * 1000,
};

export function hashEmailToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A fresh link token; earlier unused tokens of the same kind stop working. */
export async function issueEmailToken(userId: string, kind: EmailTokenKind, tx: Tx = db): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await tx.emailToken.deleteMany({ where: { userId, kind, usedAt: null } });
  await tx.emailToken.create({
    data: { id: newId("emailToken"), userId, kind, tokenHash: hashEmailToken(token), expiresAt: new Date(Date.now() + EMAIL_TOKEN_TTL_MS[kind]) },
  });
  return token;
}

const invalidLink = () =>
  new ApiError("invalid_request", "This link is invalid, has expired or was already used", {
    details: [{ path: "token", message: "This link is invalid, has expired or was already used" }],
  });

/** The live token row (unused, unexpired) or a 422; does not consume it. */
export async function findLiveEmailToken(token: string, kind: EmailTokenKind, tx: Tx = db) {
  const row = await tx.emailToken.findUnique({ where: { tokenHash: hashEmailToken(token) } });
  if (!row || row.kind !== kind || row.usedAt || row.expiresAt.getTime() <= Date.now()) throw invalidLink();
  return row;
}

/**
 * Marks the token used and returns its user id. The conditional update makes two concurrent
 * uses of one link succeed exactly once.
 */
export async function consumeEmailToken(token: string, kind: EmailTokenKind, tx: Tx = db): Promise<string> {
  const row = await findLiveEmailToken(token, kind, tx);
  const now = new Date();
  const { count } = await tx.emailToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (count !== 1) throw invalidLink();
  return row.userId;
}

/** Why a link no longer works, for a helpful page: already used (and by whom), expired, or unknown. */
export async function describeEmailToken(token: string, kind: EmailTokenKind): Promise<{ state: "used" | "expired" | "unknown" | "live"; userVerified: boolean }> {
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashEmailToken(token) }, select: { kind: true, usedAt: true, expiresAt: true, user: { select: { emailVerified: true } } } });
  if (!row || row.kind !== kind) return { state: "unknown", userVerified: false };
  const userVerified = !!row.user.emailVerified;
  if (row.usedAt) return { state: "used", userVerified };
  if (row.expiresAt.getTime() <= Date.now()) return { state: "expired", userVerified };
  return { state: "live", userVerified };
}
