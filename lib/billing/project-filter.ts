import { db } from "@/lib/db/client";

/**
 * A `project` filter (id or slug) resolved inside the workspace: its id, or null when it names
 * no project of this workspace (the filter then matches nothing; another tenant's project
 * looks exactly like a missing one). Undefined when there is no filter.
 */
export async function resolveProjectFilter(workspaceId: string, ref: string | undefined): Promise<string | null | undefined> {
  if (!ref) return undefined;
  const project = await db.project.findFirst({ where: { workspaceId, OR: [{ id: ref }, { slug: ref }] }, select: { id: true } });
  return project?.id ?? null;
}
