import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ListRunsQuery, RunDto } from "@/lib/schemas/runs";
import { presentRun, runDtoSelect } from "./present-run";

/** The workflow a filter names (id or slug) within the project; null when there is none. */
async function workflowIdOf(scope: TenantRef, ref: string): Promise<string | null> {
  const wf = await db.workflow.findFirst({ where: { ...tenantWhere(scope), ...(ref.startsWith("wf_") ? { id: ref } : { slug: ref }) }, select: { id: true } });
  return wf?.id ?? null;
}

/**
 * The project's runs, newest first, filtered by status, kind, workflow (id or slug), version,
 * trigger and time. A workflow filter is resolved to its id first, so the run query is a plain
 * `workflowId =` that walks the (workflowId, status, id) or (workflowId, id) index instead of a
 * join on Workflow; an unknown workflow simply lists nothing.
 */
export async function listRuns(scope: TenantRef, q: ListRunsQuery): Promise<{ data: RunDto[]; nextCursor: string | null }> {
  const workflowId = q.workflow ? await workflowIdOf(scope, q.workflow) : undefined;
  if (workflowId === null) return { data: [], nextCursor: null };
  const where: Prisma.RunWhereInput = {
    workspaceId: scope.workspace.id,
    projectId: scope.project.id,
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(workflowId ? { workflowId } : {}),
    ...(q.version !== undefined ? { versionNumber: q.version } : {}),
    ...(q.trigger ? { trigger: q.trigger } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
    ...cursorWhere(q),
  };
  const rows = await db.run.findMany({ where, ...pageArgs(q), select: runDtoSelect });
  const page = toPage(rows, q);
  return { data: page.data.map(presentRun), nextCursor: page.nextCursor };
}
