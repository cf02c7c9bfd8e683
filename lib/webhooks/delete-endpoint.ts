import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { getEndpointOrThrow } from "./find-endpoint";
import { auditView } from "./present";
import type { WebhookScope } from "./scope";

/** Deletes the endpoint, its sealed secrets and its delivery log (cascade). */
export async function deleteEndpoint(scope: WebhookScope, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await getEndpointOrThrow(scope, id, tx);
    await tx.webhookEndpoint.deleteMany({ where: { id, workspaceId: scope.workspace.id, projectId: scope.project.id } });
    await recordAudit(
      {
        workspaceId: scope.workspace.id,
        projectId: scope.project.id,
        actor: scope.actor,
        action: "webhook.delete",
        target: { type: "webhook_endpoint", id },
        before: auditView(before),
        after: null,
        request: scope.meta ?? null,
      },
      tx,
    );
  });
}
