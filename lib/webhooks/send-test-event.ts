import type { ActingScope } from "@/lib/core/scope";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { TEST_EVENT_TYPE, type RedeliverDto } from "@/lib/schemas/webhooks";
import { getEndpointOrThrow } from "./find-endpoint";
import { manualAttempt } from "./manual-attempt";

/**
 * Sends a `webhook.test` event to the endpoint now, signed like every delivery, so a
 * receiver can be checked without waiting for a real event. Logged like any delivery.
 */
export async function sendTestEvent(scope: ActingScope, endpointId: string): Promise<RedeliverDto> {
  const endpoint = await getEndpointOrThrow(scope, endpointId);
  const eventId = newId("event");
  const createdAt = new Date();
  const payload = { id: eventId, type: TEST_EVENT_TYPE, createdAt: createdAt.toISOString(), data: { endpointId: endpoint.id, message: "A test event sent from AgentRuntime" } };
  // Not scheduled (nextAttemptAt null): the sweeper never retries a test event.
  const delivery = await db.webhookDelivery.create({
    data: {
      id: newId("webhookDelivery"),
      workspaceId: scope.workspace.id,
      projectId: scope.project.id,
      endpointId: endpoint.id,
      eventId,
      eventType: TEST_EVENT_TYPE,
      payload: payload as Prisma.InputJsonObject,
      nextAttemptAt: null,
      createdAt,
    },
    select: { id: true, status: true, nextAttemptAt: true, eventId: true, payload: true },
  });
  return manualAttempt(scope, endpoint, delivery, "webhook.test");
}
