import { autoJoinVerifiedDomains } from "@/lib/domains/auto-join";
import { logger } from "@/lib/core/logger";

/**
 * Runs once an address is proven (verification link, reset link, Google): joins the
 * workspaces whose verified-domain policy admits this user. A failure here must not undo
 * the verification, so it is logged rather than thrown.
 */
export async function onEmailVerified(userId: string): Promise<void> {
  try {
    await autoJoinVerifiedDomains(userId);
  } catch (err) {
    logger.error("auto-join after email verification failed", { userId, err });
  }
}
