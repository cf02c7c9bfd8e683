import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { PlatformWorkspaceListQuery, PlatformWorkspaceResponse } from "@/lib/schemas/platform";

// Workspaces as an operator sees them: names, owners, counts and status. Counting workflows and
// runs reads no graph and no run data: only how many rows there are.

export const DELETION_REQUESTED = "platform.workspace.deletion_requested";

const select = {
  id: true,
  slug: true,
  name: true,
  createdAt: true,
  _count: { select: { members: true, projects: true } },
  members: { where: { role: "owner" }, select: { user: { select: { id: true, email: true } } }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.WorkspaceSelect;

type Row = Prisma.WorkspaceGetPayload<{ select: typeof select }>;

async function countsBy(model: "workflow" | "run", ids: string[]): Promise<Map<string, number>> {
  const where = { workspaceId: { in: ids } };
  const groups =
    model === "workflow"
      ? await db.workflow.groupBy({ by: ["workspaceId"], where, _count: { _all: true } })
      : await db.run.groupBy({ by: ["workspaceId"], where, _count: { _all: true } });
  return new Map(groups.map((g) => [g.workspaceId, g._count._all]));
}

/** The workspaces among `ids` whose deletion an operator requested (recorded in platform_audit_log). */
export async function deletionRequested(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.platformAuditLog.findMany({ where: { action: DELETION_REQUESTED, targetType: "workspace", targetId: { in: ids } }, select: { targetId: true } });
  return new Set(rows.map((r) => r.targetId!));
}

async function present(rows: Row[]): Promise<PlatformWorkspaceResponse[]> {
  const ids = rows.map((r) => r.id);
  const [workflows, runs, pending] = await Promise.all([countsBy("workflow", ids), countsBy("run", ids), deletionRequested(ids)]);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    status: pending.has(r.id) ? "deletion_requested" : "active",
    owners: r.members.map((m) => m.user),
    counts: { members: r._count.members, projects: r._count.projects, workflows: workflows.get(r.id) ?? 0, runs: runs.get(r.id) ?? 0 },
  }));
}

/** GET /v1/platform/workspaces: every workspace, newest first, searched, cursor-paginated. */
export async function listPlatformWorkspaces(q: PlatformWorkspaceListQuery) {
  const search: Prisma.WorkspaceWhereInput = q.q ? { OR: [{ id: q.q }, { slug: { contains: q.q, mode: "insensitive" } }, { name: { contains: q.q, mode: "insensitive" } }] } : {};
  const rows = await db.workspace.findMany({ where: { AND: [search, cursorWhere(q)] }, select, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: await present(page.data), nextCursor: page.nextCursor };
}

export async function getPlatformWorkspaceOrThrow(id: string): Promise<PlatformWorkspaceResponse> {
  const row = await db.workspace.findUnique({ where: { id }, select });
  if (!row) throw notFound("Workspace");
  return (await present([row]))[0];
}
