import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { WebhookEventType } from "@/lib/schemas/webhook-event-types";

export { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/schemas/webhook-event-types";

// Publishing writes one WebhookDelivery per subscribed, enabled endpoint in the caller's
// transaction, so an event exists exactly when the change that caused it committed, and
// announces them in the same transaction (delivery-notice.ts): at the commit a worker wakes,
// claims them and makes the first attempt. Nothing to send, nothing announced. The SQL function
// webhook_event_publish does it (the engine's checkpoint and run_finish publish through webhook_events_publish, the same rule).

type PlatformEvent = {
  workspaceId: string;
  projectId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
};

/** Delivery ids for one publish; an event with more endpoints than this gets ids derived from the first. */
export function deliveryIds(n = 4): string[] {
  return Array.from({ length: n }, () => newId("webhookDelivery"));
}

/** Returns the event id (evt_…) and the deliveries created for it. */
export async function publishEvent(tx: Tx, event: PlatformEvent): Promise<{ eventId: string; deliveryIds: string[] }> {
  const eventId = newId("event");
  const [row] = await tx.$queryRaw<{ ids: string[] }[]>`
    SELECT webhook_event_publish(${event.workspaceId}, ${event.projectId}, ${event.type}, ${JSON.stringify(event.data)}::jsonb, ${eventId}, ${deliveryIds()}::text[], ${new Date().toISOString()}::timestamp) AS ids`;
  return { eventId, deliveryIds: row.ids };
}
