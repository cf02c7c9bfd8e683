import { tenantWhere, type ActingScope, type TenantRef } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { GraphIssue, WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { PublishWorkflowBody, WorkflowVersionDto } from "@/lib/schemas/workflows";
import { getWorkflowOrThrow } from "./get-workflow";
import { actorUserId } from "@/lib/audit/record";
import { presentVersion, storedDraft } from "./present";
import { validateDraft } from "./validate-graph";

function issuePath(issue: GraphIssue): string {
  if (issue.nodeId && issue.field) return `graph.nodes.${issue.nodeId}.config.${issue.field}`;
  if (issue.nodeId) return `graph.nodes.${issue.nodeId}`;
  if (issue.edgeId) return `graph.edges.${issue.edgeId}`;
  return "graph";
}

/** The 422 a draft with issues gets: one detail per issue, the code in brackets. */
function unpublishable(issues: GraphIssue[]): ApiError {
  return new ApiError("invalid_request", `The draft has ${issues.length} issue${issues.length === 1 ? "" : "s"}; fix them before publishing`, {
    details: issues.map((i) => ({ path: issuePath(i), message: `[${i.code}] ${i.message}` })),
  });
}

/**
 * A published version pins each tool step to the input schema its arguments were written for:
 * the hash of the tool's schema as last synced. A run of the version whose tool has since
 * changed fails that step (tool_schema_changed) instead of calling it with stale arguments.
 */
async function pinToolSchemas(tx: Tx, scope: TenantRef, graph: WorkflowGraph): Promise<void> {
  const nodes = graph.nodes.flatMap((n) => (n.type === "tool" ? [n] : []));
  if (nodes.length === 0) return;
  const tools = await tx.mcpTool.findMany({
    where: { ...tenantWhere(scope), removedAt: null, OR: nodes.map((n) => ({ instanceId: n.config.instanceId, name: n.config.tool })) },
    select: { instanceId: true, name: true, schemaHash: true },
  });
  const hashes = new Map(tools.map((t) => [`${t.instanceId}/${t.name}`, t.schemaHash]));
  for (const n of nodes) n.config.schemaHash = hashes.get(`${n.config.instanceId}/${n.config.tool}`) ?? n.config.schemaHash;
}

/**
 * Snapshots the draft as the next immutable version (1, 2, …). Incrementing latestVersion
 * first locks the workflow row, so concurrent publishes are numbered one after another, and
 * the draft validated is the one the lock sees.
 */
export async function publishWorkflow(scope: ActingScope, idOrSlug: string, body: PublishWorkflowBody): Promise<WorkflowVersionDto> {
  const ids = tenantWhere(scope);
  return db.$transaction(async (tx) => {
    const found = await getWorkflowOrThrow(scope, idOrSlug, tx);
    const wf = await tx.workflow.update({ where: { id: found.id }, data: { latestVersion: { increment: 1 } } });
    const { graph, issues } = await validateDraft(storedDraft(wf.draft), scope, tx);
    if (issues.length) throw unpublishable(issues);
    await pinToolSchemas(tx, scope, graph);
    const version = await tx.workflowVersion.create({
      data: {
        id: newId("workflowVersion"),
        ...ids,
        workflowId: wf.id,
        number: wf.latestVersion,
        graph: graph as Prisma.InputJsonObject,
        note: body.note || null,
        publishedById: actorUserId(scope.actor),
      },
    });
    await recordScopedAudit(scope, { action: "workflow.published", target: { type: "workflow", id: wf.id, label: wf.name }, after: { version: version.number, versionId: version.id, draftRevision: wf.draftRevision, note: version.note } }, tx);
    return presentVersion(version);
  });
}
