import { tenantWhere, type ActingScope } from "@/lib/core/scope";
import { notFound } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import type { RedeliverDto } from "@/lib/schemas/webhooks";
import { getEndpointOrThrow } from "./find-endpoint";
import { manualAttempt } from "./manual-attempt";

/** Sends a logged delivery again, now, with the same event id and payload (receivers dedupe on the id). */
export async function redeliver(scope: ActingScope, endpointId: string, deliveryId: string): Promise<RedeliverDto> {
  const endpoint = await getEndpointOrThrow(scope, endpointId);
  const delivery = await db.webhookDelivery.findFirst({
    where: { id: deliveryId, endpointId: endpoint.id, ...tenantWhere(scope) },
    select: { id: true, status: true, nextAttemptAt: true, eventId: true, payload: true },
  });
  if (!delivery) throw notFound("Delivery");
  return manualAttempt(scope, endpoint, delivery, "webhook.redeliver");
}
