import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { ListVersionsQuery, WorkflowDto, WorkflowVersionDto, WorkflowVersionSummaryDto } from "@/lib/schemas/workflows";
import { getVersionOrThrow, getWorkflowOrThrow } from "./get-workflow";
import { presentVersion, presentVersionSummary, presentWorkflow, storedDraft } from "./present";
import { validateDraft } from "./validate-graph";

/** One workflow with its draft and the draft's current issues (connections may have changed since the save). */
export async function readWorkflow(scope: TenantRef, idOrSlug: string): Promise<WorkflowDto> {
  const row = await getWorkflowOrThrow(scope, idOrSlug);
  const { graph, issues } = await validateDraft(storedDraft(row.draft), scope);
  return presentWorkflow(row, graph, issues);
}

/**
 * Published versions, highest number first (graphs are left out; read one version for its
 * graph). Paged by number rather than id: versions published within one millisecond have ids
 * in no particular order, numbers are exact.
 */
export async function listVersions(scope: TenantRef, idOrSlug: string, q: ListVersionsQuery): Promise<{ data: WorkflowVersionSummaryDto[]; nextCursor: string | null }> {
  const wf = await getWorkflowOrThrow(scope, idOrSlug);
  const rows = await db.workflowVersion.findMany({
    where: { workflowId: wf.id, ...tenantWhere(scope), ...(q.cursor ? { number: { lt: Number(q.cursor) } } : {}) },
    orderBy: { number: "desc" },
    take: q.limit + 1,
    omit: { graph: true },
  });
  const data = rows.slice(0, q.limit);
  return { data: data.map(presentVersionSummary), nextCursor: rows.length > q.limit ? String(data[data.length - 1].number) : null };
}

export async function readVersion(scope: TenantRef, idOrSlug: string, n: number | string): Promise<WorkflowVersionDto> {
  const wf = await getWorkflowOrThrow(scope, idOrSlug);
  return presentVersion(await getVersionOrThrow(wf, n));
}
