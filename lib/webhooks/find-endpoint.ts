import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { endpointSelect, type EndpointRow } from "./present";

/** An endpoint of the scope's project; another project's or tenant's id is simply not found. */
export async function getEndpointOrThrow(scope: TenantRef, id: string, tx: Tx = db): Promise<EndpointRow> {
  const row = await tx.webhookEndpoint.findFirst({ where: { id, ...tenantWhere(scope) }, select: endpointSelect });
  if (!row) throw notFound("Webhook endpoint");
  return row;
}
