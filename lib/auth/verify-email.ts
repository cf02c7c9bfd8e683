import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/http/request-context";
import { consumeEmailToken } from "./email-tokens";
import { onEmailVerified } from "./on-email-verified";

/** Confirms the address behind a verification link (single use, 24 h). */
export async function verifyEmail(token: string, meta: RequestMeta): Promise<{ userId: string; email: string }> {
  const user = await db.$transaction(async (tx) => {
    const userId = await consumeEmailToken(token, "verify_email", tx);
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, emailVerified: true } });
    if (!current.emailVerified) {
      await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
      await recordAudit({ actor: { type: "user", userId, label: current.email }, action: "auth.email_verified", target: { type: "user", id: userId }, request: meta }, tx);
    }
    return current;
  });
  await onEmailVerified(user.id);
  return { userId: user.id, email: user.email };
}
