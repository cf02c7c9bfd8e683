import { db } from "@/lib/db/client";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import { ApiError, notFound } from "@/lib/core/errors";
import type { Caller, ProjectRole, TenantScope, WorkspaceRole, WorkspaceScope } from "@/lib/core/scope";
import type { Principal } from "./principal";

/** What tenancy needs of a principal: who, and a token's own workspace and project. */
export type AccessPrincipal = { type: "session"; userId: string } | Pick<Extract<Principal, { type: "token" }>, "type" | "userId" | "workspaceId" | "projectId">;

export type WorkspaceAccess = { workspace: { id: string; slug: string; name: string }; workspaceRole: WorkspaceRole };
export type ProjectAccess = { project: { id: string; slug: string; name: string; isDefault: boolean }; projectRole: ProjectRole };

/** The membership row a workspace lookup found (the caller's role and the workspace). */
export type MembershipRow = { role: WorkspaceRole; workspace: WorkspaceAccess["workspace"] };
/** The project row a project lookup found, with the caller's explicit role in it (null: none). */
export type ProjectRow = ProjectAccess["project"] & { memberRole: ProjectRole | null };

/** A slug or id as named in a header, query or path: trimmed, and null when empty. */
export const trimmedRef = (ref: string | null | undefined): string | null => ref?.trim() || null;

// The rules below are pure: the console loads the rows with Prisma (resolveWorkspace,
// resolveProject), the API in the same statement as the credential (lib/access/load-access.ts).

/** The workspace slug to look up; a session must name one, a token implies its own. */
export function workspaceSlugOf(principal: Pick<AccessPrincipal, "type">, slugHeader: string | null): string | null {
  const slug = trimmedRef(slugHeader);
  if (!slug && principal.type !== "token") {
    throw new ApiError("invalid_request", "The X-Tenant-Id header (workspace slug) is required", {
      details: [{ path: "X-Tenant-Id", message: "Required" }],
    });
  }
  return slug;
}

/** A membership the caller holds, or a 404 exactly like a workspace that does not exist. */
export function workspaceAccessOf(membership: MembershipRow | null): WorkspaceAccess {
  if (!membership) throw notFound("Workspace");
  return { workspace: membership.workspace, workspaceRole: membership.role };
}

/** The project slug or id to look up: the ref named, else a restricted token's own project. */
export function projectKeyOf(principal: Pick<AccessPrincipal, "type"> & { projectId?: string | null }, ref: string | null): { key: string | null; restricted: string | null } {
  const restricted = principal.type === "token" ? (principal.projectId ?? null) : null;
  const key = trimmedRef(ref);
  if (!key && !restricted) {
    throw new ApiError("invalid_request", "The X-Project-Id header (project slug) is required", {
      details: [{ path: "X-Project-Id", message: "Required" }],
    });
  }
  return { key, restricted };
}

/** The project found, with the caller's effective role; 404 if none, outside a token's restriction, or not visible to the caller. */
export function projectAccessOf(access: WorkspaceAccess, restricted: string | null, row: ProjectRow | null): ProjectAccess {
  if (!row || (restricted && row.id !== restricted)) throw notFound("Project");
  const role = effectiveProjectRole(access.workspaceRole, row.memberRole);
  if (!role) throw notFound("Project");
  const { memberRole: _memberRole, ...project } = row;
  return { project, projectRole: role };
}

/**
 * The workspace named by X-Tenant-Id, which the caller must belong to. A token implies its
 * own workspace: naming another one is a 404, exactly like a workspace that does not exist.
 */
export async function resolveWorkspace(principal: AccessPrincipal, slugHeader: string | null): Promise<WorkspaceAccess> {
  const slug = workspaceSlugOf(principal, slugHeader);
  const membership = await db.workspaceMember.findFirst({
    where: {
      userId: principal.userId,
      ...(principal.type === "token" ? { workspaceId: principal.workspaceId } : {}),
      ...(slug ? { workspace: { slug } } : {}),
    },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
  });
  return workspaceAccessOf(membership);
}

/** A project of the workspace by slug or id, with the caller's effective role; 404 if none. */
export async function resolveProject(principal: AccessPrincipal, access: WorkspaceAccess, ref: string | null): Promise<ProjectAccess> {
  const { key, restricted } = projectKeyOf(principal, ref);
  const project = await db.project.findFirst({
    where: {
      workspaceId: access.workspace.id,
      ...(key ? { OR: [{ slug: key }, { id: key }] } : { id: restricted! }),
    },
    select: { id: true, slug: true, name: true, isDefault: true, members: { where: { userId: principal.userId }, select: { role: true } } },
  });
  if (!project) return projectAccessOf(access, restricted, null);
  const { members, ...rest } = project;
  return projectAccessOf(access, restricted, { ...rest, memberRole: members[0]?.role ?? null });
}

/** The caller's scope in a workspace it resolved. */
export function workspaceScope(caller: Caller, access: WorkspaceAccess): WorkspaceScope {
  return { ...caller, workspace: access.workspace, workspaceRole: access.workspaceRole };
}

/** A workspace scope narrowed to a project it resolved. */
export function tenantScope(scope: WorkspaceScope, access: ProjectAccess): TenantScope {
  return { ...scope, project: access.project, projectRole: access.projectRole };
}
