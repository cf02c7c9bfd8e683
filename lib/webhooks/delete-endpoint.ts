import { tenantWhere, type ActingScope } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { getEndpointOrThrow } from "./find-endpoint";
import { auditView } from "./present";

/** Deletes the endpoint, its sealed secrets and its delivery log (cascade). */
export async function deleteEndpoint(scope: ActingScope, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getEndpointOrThrow(scope, id, tx);
    await tx.webhookEndpoint.deleteMany({ where: { id, ...tenantWhere(scope) } });
    await recordScopedAudit(scope, { action: "webhook.delete", target: { type: "webhook_endpoint", id }, before: auditView(before), after: null }, tx);
  });
}
