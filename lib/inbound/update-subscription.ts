import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { InboundSubscriptionDto, UpdateInboundSubscriptionBody } from "@/lib/schemas/inbound";
import { auditView, presentOne, subscriptionSelect } from "./present";
import { getSubscriptionOrThrow, type InboundScope } from "./scope";

/** Renames, disables or re-enables a subscription. A disabled one refuses every delivery (401). */
export async function updateSubscription(scope: InboundScope, id: string, body: UpdateInboundSubscriptionBody): Promise<InboundSubscriptionDto> {
  return db.$transaction(async (tx) => {
    const before = await getSubscriptionOrThrow(scope, id, tx);
    const data = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
    };
    const after = await tx.inboundSubscription.update({ where: { id: before.id }, data, select: subscriptionSelect });
    const action = body.enabled === undefined || body.enabled === before.enabled ? "inbound_subscription.update" : body.enabled ? "inbound_subscription.enable" : "inbound_subscription.disable";
    await recordScopedAudit(scope, { action, target: { type: "inbound_subscription", id }, before: auditView(before), after: auditView(after) }, tx);
    return presentOne(after, scope.origin, tx);
  });
}
