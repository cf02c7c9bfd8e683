import type { RequestMeta } from "@/lib/core/scope";
import { queueAccountMailRequest } from "./account-mail-requests";
import { authLimits, consumeAuthLimits, emailKey, ipKey } from "./rate-limits";

export const FORGOT_ACCEPTED = "If an account exists for that address, we sent a link to reset its password." as const;

/**
 * Queues a reset request; a worker mails a single-use link (1 h) when the account exists.
 * The answer, and the work done before it, never depend on whether it does, and a mail
 * outage cannot fail it.
 */
export async function requestPasswordReset(email: string, meta: RequestMeta): Promise<{ headers: Record<string, string> }> {
  const headers = await consumeAuthLimits([
    [authLimits.forgotEmail(), emailKey(email)],
    [authLimits.forgotIp(), ipKey(meta)],
  ]);
  await queueAccountMailRequest({ kind: "password_reset", email, request: meta });
  return { headers };
}
