import { type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ListWorkflowsQuery, WorkflowSummaryDto } from "@/lib/schemas/workflows";
import { presentWorkflowSummary } from "./present";

/** The project's workflows, newest first; `q` matches the name or slug. Drafts are not loaded. */
export async function listWorkflows(scope: TenantRef, q: ListWorkflowsQuery): Promise<{ data: WorkflowSummaryDto[]; nextCursor: string | null }> {
  const rows = await db.workflow.findMany({
    where: {
      workspaceId: scope.workspace.id,
      projectId: scope.project.id,
      ...(q.q ? { OR: [{ name: { contains: q.q, mode: "insensitive" as const } }, { slug: { contains: q.q.toLowerCase() } }] } : {}),
      ...cursorWhere(q),
    },
    ...pageArgs(q),
    omit: { draft: true },
  });
  const page = toPage(rows, q);
  return { data: page.data.map(presentWorkflowSummary), nextCursor: page.nextCursor };
}
