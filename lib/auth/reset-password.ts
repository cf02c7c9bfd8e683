import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import type { ResetPasswordInput } from "@/lib/schemas/auth";
import { consumeEmailToken, findLiveEmailToken } from "./email-tokens";
import { hashPassword } from "./password-hash";
import { assertAcceptablePassword } from "./password-policy";
import { authLimits, consumeAuthLimits, ipKey, withLimitHeaders } from "./rate-limits";
import { onEmailVerified } from "./on-email-verified";

/**
 * Sets a new password from a reset link and ends every session of the account (whoever
 * knew the old password is signed out). Following the link proves control of the mailbox,
 * so an unverified address becomes verified.
 */
export async function resetPassword(input: ResetPasswordInput, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([[authLimits.resetIp(), ipKey(meta)]]);
  await withLimitHeaders(headers, () => applyReset(input, meta));
  return { headers };
}

async function applyReset(input: ResetPasswordInput, meta: RequestMeta): Promise<void> {
  // Check the link and the password before using the link, so a refused password does not burn it.
  const live = await findLiveEmailToken(input.token, "reset_password");
  const owner = await db.user.findUniqueOrThrow({ where: { id: live.userId }, select: { email: true } });
  assertAcceptablePassword(input.password, owner.email);
  const passwordHash = await hashPassword(input.password);

  const { userId, newlyVerified } = await db.$transaction(async (tx) => {
    const userId = await consumeEmailToken(input.token, "reset_password", tx);
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerified: true } });
    const now = new Date();
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: now, emailVerified: before.emailVerified ?? now } });
    await tx.emailToken.deleteMany({ where: { userId, kind: "reset_password", usedAt: null } });
    const { count } = await tx.session.deleteMany({ where: { userId } });
    await recordAudit(
      { actor: { type: "user", userId, label: owner.email }, action: "auth.password_reset", target: { type: "user", id: userId }, metadata: { sessionsEnded: count }, request: meta },
      tx,
    );
    return { userId, newlyVerified: !before.emailVerified };
  });
  if (newlyVerified) await onEmailVerified(userId);
}
