import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ListRunsQuery, RunDto } from "@/lib/schemas/runs";
import { presentRun, runDtoSelect } from "./present-run";

/** The project's runs, newest first, filtered by status, kind, workflow (id or slug), version, trigger and time. */
export async function listRuns(scope: TenantRef, q: ListRunsQuery): Promise<{ data: RunDto[]; nextCursor: string | null }> {
  const where: Prisma.RunWhereInput = {
    workspaceId: scope.workspace.id,
    projectId: scope.project.id,
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.workflow ? { workflow: q.workflow.startsWith("wf_") ? { id: q.workflow } : { slug: q.workflow } } : {}),
    ...(q.version !== undefined ? { versionNumber: q.version } : {}),
    ...(q.trigger ? { trigger: q.trigger } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lt: new Date(q.to) } : {}) } } : {}),
    ...cursorWhere(q),
  };
  const rows = await db.run.findMany({ where, ...pageArgs(q), select: runDtoSelect });
  const page = toPage(rows, q);
  return { data: page.data.map(presentRun), nextCursor: page.nextCursor };
}
