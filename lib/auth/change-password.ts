import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import type { ChangePasswordInput } from "@/lib/schemas/auth";
import { sendMail } from "@/lib/mail/send";
import { passwordChangedMail } from "@/lib/mail/templates";
import { logger } from "@/lib/core/logger";
import { hashPassword, verifyPassword } from "./password-hash";
import { assertAcceptablePassword } from "./password-policy";
import { authLimits, consumeAuthLimits } from "./rate-limits";

/**
 * Changes the signed-in user's password after re-checking the current one, and ends every
 * other session (a stolen cookie stops working); the caller's own session stays.
 */
export async function changePassword(
  userId: string,
  currentSessionId: string | null,
  input: ChangePasswordInput,
  meta: RequestMeta,
): Promise<{ sessionsEnded: number }> {
  // A stolen session must not become an unlimited oracle for the current password.
  await consumeAuthLimits([[authLimits.changePasswordUser(), `user:${userId}`]]);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user.passwordHash) {
    throw new ApiError("invalid_request", "Your account has no password yet (you sign in with Google). Use “Forgot password” to set one.", {
      details: [{ path: "currentPassword", message: "This account has no password yet" }],
    });
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordAudit({ actor: { type: "user", userId, label: user.email }, action: "auth.password_change_failed", target: { type: "user", id: userId }, metadata: { reason: "wrong_current_password" }, request: meta });
    throw new ApiError("invalid_request", "The current password is incorrect", { details: [{ path: "currentPassword", message: "The current password is incorrect" }] });
  }
  assertAcceptablePassword(input.newPassword, user.email, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);

  const sessionsEnded = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    // Outstanding reset links were issued for the old password; they must not undo this change.
    await tx.emailToken.deleteMany({ where: { userId, kind: "reset_password", usedAt: null } });
    const { count } = await tx.session.deleteMany({ where: { userId, ...(currentSessionId ? { NOT: { sessionToken: currentSessionId } } : {}) } });
    await recordAudit({ actor: { type: "user", userId, label: user.email }, action: "auth.password_changed", target: { type: "user", id: userId }, metadata: { otherSessionsEnded: count }, request: meta }, tx);
    return count;
  });
  // The change is done; a mail failure must not turn it into an error for the user.
  await sendMail(passwordChangedMail(user.email)).catch((err) => logger.warn("password-changed notice not sent", { err }));
  return { sessionsEnded };
}
