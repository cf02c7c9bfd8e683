import { db } from "@/lib/db/client";
import type { RequestMeta } from "@/lib/http/request-context";
import { sendMail } from "@/lib/mail/send";
import { verifyEmailMail } from "@/lib/mail/templates";
import { issueEmailToken } from "./email-tokens";
import { authLimits, consumeAuthLimits, emailKey, ipKey } from "./rate-limits";

export const RESEND_ACCEPTED = "If that address has an account waiting for confirmation, we sent a new link." as const;

/** Mails a new verification link to an unverified account; silent for any other email. */
export async function resendVerification(email: string, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([
    [authLimits.resendEmail(), emailKey(email)],
    [authLimits.resendIp(), ipKey(meta)],
  ]);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, emailVerified: true } });
  if (user && !user.emailVerified) {
    const token = await issueEmailToken(user.id, "verify_email");
    await sendMail(verifyEmailMail(user.email, token));
  }
  return { headers };
}
