import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import type { InboundDeliveryDto } from "@/lib/schemas/inbound";
import { presentDelivery } from "./present";
import { getSubscriptionOrThrow, type InboundScope } from "./scope";

/** A subscription's delivery log, newest first: status, reason and run — never a secret or token. */
export async function listDeliveries(scope: Pick<InboundScope, "workspace" | "project">, id: string, q: PageQuery): Promise<{ data: InboundDeliveryDto[]; nextCursor: string | null }> {
  const sub = await getSubscriptionOrThrow(scope, id);
  const rows = await db.inboundDelivery.findMany({
    where: { subscriptionId: sub.id, ...tenantWhere(scope), ...cursorWhere(q) },
    ...pageArgs(q),
    select: { id: true, status: true, reason: true, runId: true, idempotencyKey: true, createdAt: true },
  });
  const page = toPage(rows, q);
  return { data: page.data.map(presentDelivery), nextCursor: page.nextCursor };
}
