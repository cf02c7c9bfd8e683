import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { auditView } from "./present";
import { getSubscriptionOrThrow, type InboundScope } from "./scope";

/**
 * Deletes the subscription (its delivery log and sealed secret go with it) and revokes its
 * automation token in the same transaction: the very next delivery with that token is a 401.
 */
export async function deleteSubscription(scope: InboundScope, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getSubscriptionOrThrow(scope, id, tx);
    await tx.inboundSubscription.deleteMany({ where: { id, ...tenantWhere(scope) } });
    await tx.apiToken.updateMany({ where: { id: before.tokenId, workspaceId: scope.workspace.id, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordScopedAudit(scope, { action: "inbound_subscription.delete", target: { type: "inbound_subscription", id }, before: auditView(before), after: null, metadata: { revokedTokenId: before.tokenId } }, tx);
  });
}
