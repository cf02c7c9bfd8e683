import { db } from "@/lib/db/client";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import { ApiError, notFound } from "@/lib/core/errors";
import type { Caller, ProjectRole, TenantScope, WorkspaceRole, WorkspaceScope } from "@/lib/core/scope";
import type { Principal } from "./principal";

/** What tenancy needs of a principal: who, and a token's own workspace and project. */
type AccessPrincipal = { type: "session"; userId: string } | Pick<Extract<Principal, { type: "token" }>, "type" | "userId" | "workspaceId" | "projectId">;

export type WorkspaceAccess = { workspace: { id: string; slug: string; name: string }; workspaceRole: WorkspaceRole };
export type ProjectAccess = { project: { id: string; slug: string; name: string; isDefault: boolean }; projectRole: ProjectRole };

/**
 * The workspace named by X-Tenant-Id, which the caller must belong to. A token implies its
 * own workspace: naming another one is a 404, exactly like a workspace that does not exist.
 */
export async function resolveWorkspace(principal: AccessPrincipal, slugHeader: string | null): Promise<WorkspaceAccess> {
  const slug = slugHeader?.trim() || null;
  if (!slug && principal.type !== "token") {
    throw new ApiError("invalid_request", "The X-Tenant-Id header (workspace slug) is required", {
      details: [{ path: "X-Tenant-Id", message: "Required" }],
    });
  }
  const membership = await db.workspaceMember.findFirst({
    where: {
      userId: principal.userId,
      ...(principal.type === "token" ? { workspaceId: principal.workspaceId } : {}),
      ...(slug ? { workspace: { slug } } : {}),
    },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  if (!membership) throw notFound("Workspace");
  return { workspace: membership.workspace, workspaceRole: membership.role };
}

/** A project of the workspace by slug or id, with the caller's effective role; 404 if none. */
export async function resolveProject(
  principal: AccessPrincipal,
  access: WorkspaceAccess,
  ref: string | null,
): Promise<ProjectAccess> {
  const restricted = principal.type === "token" ? principal.projectId : null;
  const key = ref?.trim() || null;
  if (!key && !restricted) {
    throw new ApiError("invalid_request", "The X-Project-Id header (project slug) is required", {
      details: [{ path: "X-Project-Id", message: "Required" }],
    });
  }
  const project = await db.project.findFirst({
    where: {
      workspaceId: access.workspace.id,
      ...(key ? { OR: [{ slug: key }, { id: key }] } : { id: restricted! }),
    },
    select: { id: true, slug: true, name: true, isDefault: true, members: { where: { userId: principal.userId }, select: { role: true } } },
  });
  if (!project || (restricted && project.id !== restricted)) throw notFound("Project");
  const role = effectiveProjectRole(access.workspaceRole, project.members[0]?.role ?? null);
  if (!role) throw notFound("Project");
  const { members: _members, ...rest } = project;
  return { project: rest, projectRole: role };
}

/** The caller's scope in a workspace it resolved. */
export function workspaceScope(caller: Caller, access: WorkspaceAccess): WorkspaceScope {
  return { ...caller, workspace: access.workspace, workspaceRole: access.workspaceRole };
}

/** A workspace scope narrowed to a project it resolved. */
export function tenantScope(scope: WorkspaceScope, access: ProjectAccess): TenantScope {
  return { ...scope, project: access.project, projectRole: access.projectRole };
}
