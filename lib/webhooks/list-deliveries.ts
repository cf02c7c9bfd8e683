import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ListDeliveriesQuery, WebhookDeliveryDto } from "@/lib/schemas/webhooks";
import { getEndpointOrThrow } from "./find-endpoint";
import { deliverySelect, presentDelivery } from "./present";

/** An endpoint's delivery log, newest first, each with its attempts (status, latency, error). */
export async function listDeliveries(
  scope: TenantRef,
  endpointId: string,
  q: ListDeliveriesQuery,
): Promise<{ data: WebhookDeliveryDto[]; nextCursor: string | null }> {
  const endpoint = await getEndpointOrThrow(scope, endpointId);
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId: endpoint.id,
      workspaceId: scope.workspace.id,
      projectId: scope.project.id,
      ...(q.status ? { status: q.status } : {}),
      ...(q.eventType ? { eventType: q.eventType } : {}),
      ...cursorWhere(q),
    },
    ...pageArgs(q),
    select: deliverySelect,
  });
  const page = toPage(rows, q);
  return { data: page.data.map(presentDelivery), nextCursor: page.nextCursor };
}
