import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/core/scope";
import { consumeEmailToken } from "./email-tokens";
import { onEmailVerified } from "./on-email-verified";
import { authLimits, consumeAuthLimits, ipKey, withLimitHeaders } from "./rate-limits";

function markVerified(token: string, meta: RequestMeta) {
  return db.$transaction(async (tx) => {
    const userId = await consumeEmailToken(token, "verify_email", tx);
    const current = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, emailVerified: true } });
    if (!current.emailVerified) {
      await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } });
      await recordAudit({ actor: { type: "user", userId, label: current.email }, action: "auth.email_verified", target: { type: "user", id: userId }, request: meta }, tx);
    }
    return current;
  });
}

/** Confirms the address behind a verification link (single use, 24 h). */
export async function verifyEmail(token: string, meta: RequestMeta): Promise<{ userId: string; email: string; headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([[authLimits.verifyIp(), ipKey(meta)]]);
  const user = await withLimitHeaders(headers, () => markVerified(token, meta));
  await onEmailVerified(user.id);
  return { userId: user.id, email: user.email, headers };
}
