import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ListWebhooksQuery, WebhookDto } from "@/lib/schemas/webhooks";
import { endpointSelect, presentEndpoint } from "./present";

/** The project's endpoints, newest first. */
export async function listEndpoints(scope: TenantRef, q: ListWebhooksQuery): Promise<{ data: WebhookDto[]; nextCursor: string | null }> {
  const rows = await db.webhookEndpoint.findMany({
    where: { ...tenantWhere(scope), ...cursorWhere(q) },
    ...pageArgs(q),
    select: endpointSelect,
  });
  const page = toPage(rows, q);
  const now = new Date();
  return { data: page.data.map((r) => presentEndpoint(r, now)), nextCursor: page.nextCursor };
}
