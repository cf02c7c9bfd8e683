import { type ActingScope, tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { GraphIssue } from "@/lib/schemas/workflow-graph";
import type { PublishWorkflowBody, WorkflowVersionDto } from "@/lib/schemas/workflows";
import { getWorkflowOrThrow } from "./get-workflow";
import { actorUserId } from "@/lib/audit/record";
import { presentVersion, storedGraph } from "./present";
import { validateGraph } from "./validate-graph";

function issuePath(issue: GraphIssue): string {
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
 * Snapshots the draft as the next immutable version (1, 2, …). Incrementing latestVersion
 * first locks the workflow row, so concurrent publishes are numbered one after another, and
 * the draft validated is the one the lock sees.
 */
export async function publishWorkflow(scope: ActingScope, idOrSlug: string, body: PublishWorkflowBody): Promise<WorkflowVersionDto> {
  const ids = tenantWhere(scope);
  return db.$transaction(async (tx) => {
    const found = await getWorkflowOrThrow(scope, idOrSlug, tx);
    const wf = await tx.workflow.update({ where: { id: found.id }, data: { latestVersion: { increment: 1 } } });
    const graph = storedGraph(wf.draft);
    const issues = await validateGraph(graph, scope, tx);
    if (issues.length) throw unpublishable(issues);
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
    await recordScopedAudit(scope, { action: "workflow.published", target: { type: "workflow", id: wf.id }, after: { version: version.number, versionId: version.id, draftRevision: wf.draftRevision, note: version.note } }, tx);
    return presentVersion(version);
  });
}
