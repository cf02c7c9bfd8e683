import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage, type PageQuery, DEFAULT_PAGE } from "@/lib/core/pagination";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import { type WorkspaceRole } from "@/lib/core/scope";
import type { ProjectDto } from "@/lib/schemas/projects";
import type { WorkspaceScope } from "@/lib/core/scope";
import { presentProject, projectSelect } from "./present";

type ProjectViewer = {
  userId: string;
  workspaceId: string;
  workspaceRole: WorkspaceRole;
  /** A token restricted to one project sees only that one. */
  onlyProjectId?: string | null;
};

export function viewerOf(scope: Pick<WorkspaceScope, "principal" | "workspace" | "workspaceRole">): ProjectViewer {
  return { userId: scope.principal.userId, workspaceId: scope.workspace.id, workspaceRole: scope.workspaceRole, onlyProjectId: scope.principal.projectId ?? null };
}

/**
 * The projects of one workspace a user with `workspaceRole` there can see: owners and tenant
 * admins all of them, members only those they were granted.
 */
export function visibleProjectsWhere(userId: string, workspaceId: string, workspaceRole: WorkspaceRole) {
  const implicitAdmin = effectiveProjectRole(workspaceRole, null) !== null;
  return { workspaceId, ...(implicitAdmin ? {} : { members: { some: { userId } } }) };
}

/**
 * Projects the viewer can see (visibleProjectsWhere), each with the viewer's effective role
 * (owners and tenant admins as project_admin).
 */
export async function listVisibleProjects(viewer: ProjectViewer, q: PageQuery = DEFAULT_PAGE): Promise<{ data: ProjectDto[]; nextCursor: string | null }> {
  const rows = await db.project.findMany({
    where: {
      ...visibleProjectsWhere(viewer.userId, viewer.workspaceId, viewer.workspaceRole),
      AND: [cursorWhere(q), viewer.onlyProjectId ? { id: viewer.onlyProjectId } : {}],
    },
    ...pageArgs(q),
    select: { ...projectSelect, members: { where: { userId: viewer.userId }, select: { role: true } } },
  });
  const page = toPage(rows, q);
  return {
    data: page.data.map((p) => presentProject(p, effectiveProjectRole(viewer.workspaceRole, p.members[0]?.role ?? null)!)),
    nextCursor: page.nextCursor,
  };
}
