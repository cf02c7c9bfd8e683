import { asJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { WebhookEventType } from "@/lib/schemas/webhook-event-types";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/schemas/webhook-event-types";

// Publishing writes one WebhookDelivery per subscribed, enabled endpoint in the caller's
// transaction, so an event exists exactly when the change that caused it committed. The
// delivery worker's sweeper picks up due deliveries within a few seconds of the commit (the
// caller cannot enqueue inside its transaction); `dispatchDeliveries` sends them at once
// when the caller can call it after committing.

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
  return { eventId, deliveryIds: rows.map((r) => r.id) };
}
