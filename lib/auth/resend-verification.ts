import type { RequestMeta } from "@/lib/core/scope";
import { queueAccountMailRequest } from "./account-mail-requests";
import { authLimits, consumeAuthLimits, emailKey, ipKey } from "./rate-limits";

export const RESEND_ACCEPTED = "If that address has an account waiting for confirmation, we sent a new link." as const;

/** Queues a request; a worker mails a new verification link to an unverified account, and nothing for any other email. */
export async function resendVerification(email: string, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([
    [authLimits.resendEmail(), emailKey(email)],
    [authLimits.resendIp(), ipKey(meta)],
  ]);
  await queueAccountMailRequest({ kind: "resend_verification", email, request: meta });
  return { headers };
}
