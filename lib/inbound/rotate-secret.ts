import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { RotatedInboundSecretDto } from "@/lib/schemas/inbound";
import { encryptSecret } from "@/lib/vault";
import { auditView, generateSigningSecret, presentOne, secretHint, signingSecretRef, subscriptionSelect } from "./present";
import { getSubscriptionOrThrow, type InboundScope } from "./scope";

/**
 * Replaces the signing secret; the new one is returned once and the old one stops verifying
 * at commit. (Inbound senders are configured by the same admin who rotates, so there is no
 * grace window as for outbound endpoints, whose consumers are third parties.)
 */
export async function rotateSigningSecret(scope: InboundScope, id: string): Promise<RotatedInboundSecretDto> {
  const signingSecret = generateSigningSecret();
  return db.$transaction(async (tx) => {
    const before = await getSubscriptionOrThrow(scope, id, tx);
    const after = await tx.inboundSubscription.update({
      where: { id: before.id },
      data: { signingSecret: await encryptSecret(signingSecretRef(before.workspaceId, before.id), signingSecret, tx), secretHint: secretHint(signingSecret) },
      select: subscriptionSelect,
    });
    await recordScopedAudit(scope, { action: "inbound_subscription.rotate_secret", target: { type: "inbound_subscription", id }, before: auditView(before), after: auditView(after) }, tx);
    return { ...(await presentOne(after, scope.origin, tx)), signingSecret };
  });
}
