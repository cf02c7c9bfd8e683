import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { logger } from "@/lib/core/logger";
import type { InboundDeliveryReason } from "@/lib/schemas/inbound";

type DeliveryRecord = { status: number; reason: InboundDeliveryReason; runId?: string | null; idempotencyKey?: string | null };

/**
 * Appends one line to the subscription's delivery log: time, status, reason, run and the
 * sender's idempotency key — never a header, the body, the secret or the token. Best effort:
 * the sender's answer does not depend on the log write.
 */
export async function recordDelivery(sub: { id: string; workspaceId: string; projectId: string }, rec: DeliveryRecord): Promise<void> {
  const createdAt = new Date();
  try {
    await db.$transaction([
      db.inboundDelivery.create({
        data: {
          id: newId("inboundDelivery"),
          subscriptionId: sub.id,
          workspaceId: sub.workspaceId,
          projectId: sub.projectId,
          status: rec.status,
          reason: rec.reason,
          runId: rec.runId ?? null,
          idempotencyKey: rec.idempotencyKey ?? null,
          createdAt,
        },
      }),
      db.inboundSubscription.updateMany({ where: { id: sub.id }, data: { lastDeliveryAt: createdAt } }),
    ]);
  } catch (err) {
    logger.warn("inbound delivery log write failed", { subscriptionId: sub.id, status: rec.status, reason: rec.reason, err });
  }
}
