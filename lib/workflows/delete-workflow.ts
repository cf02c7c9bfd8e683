import { type ActingScope, tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import { getWorkflowOrThrow } from "./get-workflow";
import { auditView } from "./present";

const ACTIVE = ["queued", "running", "waiting_approval"] as const;

/**
 * Deletes the workflow with its versions and finished runs (cascade). Usage records and
 * ledger entries have no foreign key to runs, so billing history survives.
 */
export async function deleteWorkflow(scope: ActingScope, idOrSlug: string): Promise<void> {
  const ids = tenantWhere(scope);
  await db.$transaction(async (tx) => {
    const wf = await getWorkflowOrThrow(scope, idOrSlug, tx);
    // Inserting a run takes a key-share lock on the workflow row, which this lock excludes:
    // a run is either visible to the count below or cannot be created any more.
    await tx.$queryRaw`SELECT id FROM "Workflow" WHERE id = ${wf.id} FOR UPDATE`;
    const active = await tx.run.count({ where: { workflowId: wf.id, status: { in: [...ACTIVE] } } });
    if (active > 0) {
      throw new ApiError("conflict", `The workflow has ${active} active run${active === 1 ? "" : "s"}; cancel or finish them before deleting it`);
    }
    // Inbound subscriptions point at the workflow without a foreign key: remove them and
    // revoke their automation tokens with it, so no live credential outlives its target.
    const subscriptions = await tx.inboundSubscription.findMany({ where: { workflowId: wf.id, workspaceId: ids.workspaceId }, select: { id: true, tokenId: true } });
    await tx.inboundSubscription.deleteMany({ where: { workflowId: wf.id, workspaceId: ids.workspaceId } });
    await tx.apiToken.updateMany({ where: { id: { in: subscriptions.map((s) => s.tokenId) }, workspaceId: ids.workspaceId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.workflow.delete({ where: { id: wf.id } });
    await recordScopedAudit(scope, { action: "workflow.deleted", target: { type: "workflow", id: wf.id }, before: auditView(wf), after: null, metadata: subscriptions.length ? { removedInboundSubscriptions: subscriptions.map((s) => s.id) } : undefined }, tx);
  });
}
