// Which tenant, which project, and who acts: the one shape every domain function takes as its
// first argument, whoever calls it (the REST API, the console, MCP, workers, the gateway).
// The API's route context satisfies these types as is; the console builds them through
// lib/access; workers build them for the system actor. Imports nothing else from lib.

export const WORKSPACE_ROLES = ["owner", "tenant_admin", "member"] as const;
export const PROJECT_ROLES = ["project_admin", "project_contributor", "project_viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/**
 * The request an action came with, for the audit log and error responses; `origin` is the
 * scheme, host and port it was addressed to (URLs handed back are built on it: lib/core/public-origin.ts).
 */
export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null; origin?: string | null };

/** Who an audit entry names. */
export type AuditActor =
  | { type: "user"; userId: string; label?: string | null }
  | { type: "token"; tokenId: string; userId: string; label?: string | null }
  | { type: "system"; label?: string }
  | { type: "anonymous"; label?: string | null };

/**
 * The principal an actor acts as: a console session or a token, both for one user. A token
 * restricted to one project carries its id; a token's scopes narrow its owner's role (a
 * session acts with every scope: `scopes` absent or null).
 */
export type ScopePrincipal = {
  type: "session" | "token";
  userId: string;
  tokenId?: string;
  projectId?: string | null;
  scopes?: readonly string[] | null;
  /** A token's own expiry (tokens it issues cannot outlive it). */
  expiresAt?: Date | null;
};

/** Who acts, as whom, and with which request. */
export type Caller = { actor: AuditActor; principal: ScopePrincipal; meta?: RequestMeta | null };

/** A caller inside one workspace, with their role there. */
export type WorkspaceScope = Caller & {
  workspace: { id: string; slug: string; name: string };
  workspaceRole: WorkspaceRole;
};

/** A workspace scope narrowed to one project the caller can see, with their effective role. */
export type TenantScope = WorkspaceScope & {
  project: { id: string; slug: string; name: string; isDefault: boolean };
  projectRole: ProjectRole;
};

/**
 * The tenant part alone: what a lookup of a tenant-owned row needs, and what the engine and
 * workers (acting as the system, for no user) hold.
 */
export type TenantRef = { workspace: { id: string }; project: { id: string } };

/** A caller acting on a tenant's rows, as far as the audit log needs it: what a mutation takes. */
export type ActingScope = TenantRef & { actor: AuditActor; meta?: RequestMeta | null };

/** The `where` of a row owned by the scope's workspace. */
export function workspaceWhere(scope: { workspace: { id: string } }): { workspaceId: string } {
  return { workspaceId: scope.workspace.id };
}

/** The `where` of a row owned by the scope's project (and, always, its workspace). */
export function tenantWhere(scope: TenantRef): { workspaceId: string; projectId: string } {
  return { workspaceId: scope.workspace.id, projectId: scope.project.id };
}
