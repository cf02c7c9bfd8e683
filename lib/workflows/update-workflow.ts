import { type ActingScope, tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { UpdateWorkflowBody, WorkflowDto } from "@/lib/schemas/workflows";
import { getWorkflowOrThrow } from "./get-workflow";
import { auditView, presentWorkflow, storedDraft } from "./present";
import { parseDraft } from "./parse-draft";
import { refuseUnsupportedRegexes } from "./refuse-unsupported-regexes";
import { validateDraft } from "./validate-graph";

const editedElsewhere = (current: number) =>
  new ApiError("conflict", `The draft was changed elsewhere (it is now at revision ${current}); reload it before saving`, {
    details: [{ path: "draftRevision", message: `Current revision is ${current}` }],
  });

/**
 * Renames, re-describes or saves the draft. Every graph save bumps draftRevision; an edit that
 * names the revision it started from is refused (409) when another save came in between, so
 * two editor tabs cannot silently overwrite each other.
 */
export async function updateWorkflow(scope: ActingScope, idOrSlug: string, body: UpdateWorkflowBody): Promise<WorkflowDto> {
  const ids = tenantWhere(scope);
  if (body.graph) {
    const { graph, unfinished } = parseDraft(body.graph);
    refuseUnsupportedRegexes(graph, unfinished);
  }
  return db.$transaction(async (tx) => {
    const before = await getWorkflowOrThrow(scope, idOrSlug, tx);
    if (body.draftRevision !== undefined && body.draftRevision !== before.draftRevision) throw editedElsewhere(before.draftRevision);
    // The revision check is repeated in the UPDATE itself: a save committed since the read above loses nothing.
    const changed = await tx.workflow.updateMany({
      where: { id: before.id, ...ids, ...(body.draftRevision !== undefined ? { draftRevision: body.draftRevision } : {}) },
      data: {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.description !== undefined ? { description: body.description || null } : {}),
        ...(body.graph ? { draft: body.graph as Prisma.InputJsonObject, draftRevision: { increment: 1 } } : {}),
      },
    });
    const after = await tx.workflow.findFirstOrThrow({ where: { id: before.id, ...ids } });
    if (changed.count === 0) throw editedElsewhere(after.draftRevision);
    const { graph, issues } = await validateDraft(storedDraft(after.draft), scope, tx);
    // An autosave (only the graph changed) joins its actor's recent entry instead of adding one per save.
    const draftOnly = body.graph !== undefined && body.name === undefined && body.description === undefined;
    await recordScopedAudit(
      scope,
      { action: "workflow.updated", target: { type: "workflow", id: before.id, label: after.name }, before: auditView(before), after: auditView(after), metadata: { graphChanged: body.graph !== undefined, issues: issues.length }, coalesce: draftOnly },
      tx,
    );
    return presentWorkflow(after, graph, issues);
  });
}
