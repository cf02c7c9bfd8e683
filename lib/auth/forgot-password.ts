import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { RequestMeta } from "@/lib/http/request-context";
import { sendMail } from "@/lib/mail/send";
import { resetPasswordMail } from "@/lib/mail/templates";
import { issueEmailToken } from "./email-tokens";
import { authLimits, consumeAuthLimits, emailKey, ipKey } from "./rate-limits";

export const FORGOT_ACCEPTED = "If an account exists for that address, we sent a link to reset its password." as const;

/** Mails a single-use reset link (1 h) when the account exists; the answer never says whether it does. */
export async function requestPasswordReset(email: string, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([
    [authLimits.forgotEmail(), emailKey(email)],
    [authLimits.forgotIp(), ipKey(meta)],
  ]);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (user) {
    const token = await issueEmailToken(user.id, "reset_password");
    await recordAudit({ actor: { type: "anonymous" }, action: "auth.password_reset_requested", target: { type: "user", id: user.id }, request: meta });
    await sendMail(resetPasswordMail(user.email, token));
  }
  return { headers };
}
