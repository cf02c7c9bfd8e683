import type { ActingScope } from "@/lib/core/scope";
import { recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RedeliverDto } from "@/lib/schemas/webhooks";
import { deliverySelect, presentAttempt, presentDelivery, type EndpointRow } from "./present";
import { sendAttempt, type DeliveryPayload } from "./send-attempt";
import { signingSecrets } from "./signing-secrets";

// A delivery sent now, on a person's request (Redeliver, Send test event). It is logged as
// a manual attempt and does not touch the automatic schedule: `attempts` stays the count of
// automatic attempts. Success settles the delivery; a failure leaves a scheduled delivery
// to its retries, and marks an unscheduled one (a test event) failed.

type Target = { id: string; status: string; nextAttemptAt: Date | null; eventId: string; payload: unknown };

export async function manualAttempt(scope: ActingScope, endpoint: EndpointRow, delivery: Target, action: "webhook.redeliver" | "webhook.test", opts: { timeoutMs?: number } = {}): Promise<RedeliverDto> {
  const now = new Date();
  const secrets = await signingSecrets(endpoint, now);
  const outcome = await sendAttempt({ url: endpoint.url, secrets }, delivery.payload as DeliveryPayload, { timeoutMs: opts.timeoutMs, now });
  const finishedAt = new Date();
  return db.$transaction(async (tx) => {
    const n = await tx.webhookAttempt.count({ where: { deliveryId: delivery.id } });
    const attempt = await tx.webhookAttempt.create({
      data: { id: newId("webhookAttempt"), deliveryId: delivery.id, attempt: n + 1, manual: true, statusCode: outcome.statusCode, latencyMs: outcome.latencyMs, error: outcome.error, createdAt: finishedAt },
    });
    const last = { lastStatusCode: outcome.statusCode, lastLatencyMs: outcome.latencyMs, lastError: outcome.error };
    if (outcome.ok) {
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "succeeded", deliveredAt: finishedAt, nextAttemptAt: null, ...last } });
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, failingSince: { not: null } }, data: { failingSince: null } });
    } else {
      const unscheduled = delivery.status === "pending" && delivery.nextAttemptAt === null;
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { ...last, ...(unscheduled ? { status: "failed" } : {}) } });
    }
    await recordScopedAudit(scope, { action, target: { type: "webhook_endpoint", id: endpoint.id }, metadata: { deliveryId: delivery.id, eventId: delivery.eventId, ok: outcome.ok, statusCode: outcome.statusCode } }, tx);
    const row = await tx.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, select: deliverySelect });
    return { delivery: presentDelivery(row), attempt: presentAttempt(attempt) };
  });
}
