import { asJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { WebhookEventType } from "@/lib/schemas/webhook-event-types";
import { announceDeliveries } from "./delivery-notice";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/schemas/webhook-event-types";

// Publishing writes one WebhookDelivery per subscribed, enabled endpoint in the caller's
// transaction, so an event exists exactly when the change that caused it committed, and
// announces them in the same transaction (delivery-notice.ts): at the commit a worker wakes,
// claims them and makes the first attempt. Nothing to send, nothing announced.

type PlatformEvent = {
  workspaceId: string;
  projectId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
};

/** Returns the event id (evt_…) and the deliveries created for it. */
export async function publishEvent(tx: Tx, event: PlatformEvent): Promise<{ eventId: string; deliveryIds: string[] }> {
  const eventId = newId("event");
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { workspaceId: event.workspaceId, projectId: event.projectId, enabled: true, events: { has: event.type } },
    select: { id: true },
  });
  if (endpoints.length === 0) return { eventId, deliveryIds: [] };
  const createdAt = new Date();
  const payload = asJson({ id: eventId, type: event.type, createdAt: createdAt.toISOString(), data: event.data });
  const rows = endpoints.map((e) => ({
    id: newId("webhookDelivery"),
    workspaceId: event.workspaceId,
    projectId: event.projectId,
    endpointId: e.id,
    eventId,
    eventType: event.type,
    payload,
    nextAttemptAt: createdAt,
    createdAt,
  }));
  await tx.webhookDelivery.createMany({ data: rows });
  await announceDeliveries(tx);
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}
