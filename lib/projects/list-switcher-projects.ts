import { db } from "@/lib/db/client";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import type { WorkspaceRole } from "@/lib/core/scope";
import type { SwitcherProject } from "@/lib/schemas/projects";

/**
 * The projects the user can see in each of their workspaces (owners and tenant admins: all;
 * members: those granted), for the console's scope switcher: one query for every workspace.
 */
export async function listSwitcherProjects(userId: string, workspaces: { id: string; role: WorkspaceRole }[]): Promise<Record<string, SwitcherProject[]>> {
  const all = workspaces.filter((w) => effectiveProjectRole(w.role, null) !== null).map((w) => w.id);
  const granted = workspaces.filter((w) => !all.includes(w.id)).map((w) => w.id);
  const rows = await db.project.findMany({
    where: { OR: [{ workspaceId: { in: all } }, { workspaceId: { in: granted }, members: { some: { userId } } }] },
    orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    select: { id: true, slug: true, name: true, isDefault: true, workspaceId: true },
    take: 2000,
  });
  const out: Record<string, SwitcherProject[]> = Object.fromEntries(workspaces.map((w) => [w.id, []]));
  for (const { workspaceId, ...p } of rows) out[workspaceId]?.push(p);
  return out;
}
