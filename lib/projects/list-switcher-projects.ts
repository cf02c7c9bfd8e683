import { db } from "@/lib/db/client";
import type { WorkspaceRole } from "@/lib/core/scope";
import type { SwitcherProject } from "@/lib/schemas/projects";
import { visibleProjectsWhere } from "./list-visible";

/**
 * The projects the user can see in each of their workspaces (visibleProjectsWhere), for the
 * console's scope switcher: one query for every workspace.
 */
export async function listSwitcherProjects(userId: string, workspaces: { id: string; role: WorkspaceRole }[]): Promise<Record<string, SwitcherProject[]>> {
  if (workspaces.length === 0) return {};
  const rows = await db.project.findMany({
    where: { OR: workspaces.map((w) => visibleProjectsWhere(userId, w.id, w.role)) },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select: { id: true, slug: true, name: true, isDefault: true, workspaceId: true },
    take: 2000,
  });
  const out: Record<string, SwitcherProject[]> = Object.fromEntries(workspaces.map((w) => [w.id, []]));
  for (const { workspaceId, ...p } of rows) out[workspaceId]?.push(p);
  return out;
}
