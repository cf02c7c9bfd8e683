// The one permission table: role × action. The API, the console and (later) the MCP tools
// all ask `can()`; nothing else decides who may do what.

import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";

/** Token scopes. A token's rights are its scopes ∩ its owner's role. */
export const SCOPES = [
  "workflow:read",
  "workflow:write",
  "workflow:run",
  "mcp:execute",
  "workspace:read",
  "workspace:admin",
  "projects:admin",
  "tokens:write",
  "audit:read",
] as const;
export type Scope = (typeof SCOPES)[number];

type ActionDef = { level: "workspace" | "project"; scope: Scope | null; description: string };

// scope: the token scope a PAT needs for the action (null: any valid token may, within its role).
export const ACTIONS = {
  // workspace level
  "workspace.read": { level: "workspace", scope: "workspace:read", description: "View the workspace" },
  "workspace.update": { level: "workspace", scope: "workspace:admin", description: "Rename the workspace, change its policies" },
  "workspace.delete": { level: "workspace", scope: "workspace:admin", description: "Delete the workspace" },
  "workspace.transfer": { level: "workspace", scope: "workspace:admin", description: "Transfer ownership" },
  "workspace.export": { level: "workspace", scope: "workspace:admin", description: "Export everything the workspace owns (secrets excepted) as an archive" },
  "billing.read": { level: "workspace", scope: "workspace:read", description: "View the credit balance, ledger and usage" },
  "billing.manage": { level: "workspace", scope: "workspace:admin", description: "Buy credits and manage billing" },
  "member.read": { level: "workspace", scope: "workspace:read", description: "List members and invitations" },
  "member.invite": { level: "workspace", scope: "workspace:admin", description: "Invite members" },
  "member.update": { level: "workspace", scope: "workspace:admin", description: "Change member roles" },
  "member.remove": { level: "workspace", scope: "workspace:admin", description: "Remove members" },
  "domain.read": { level: "workspace", scope: "workspace:read", description: "List domains" },
  "domain.manage": { level: "workspace", scope: "workspace:admin", description: "Add, verify and remove domains" },
  "project.create": { level: "workspace", scope: "projects:admin", description: "Create projects" },
  "audit.read": { level: "workspace", scope: "audit:read", description: "Read and export the audit log" },
  "token.manage": { level: "workspace", scope: "tokens:write", description: "Create, rotate and revoke your own API tokens" },
  "provider.read": { level: "workspace", scope: "workspace:read", description: "View LLM providers and the model catalog" },
  "provider.manage": { level: "workspace", scope: "workspace:admin", description: "Add, validate, change and remove LLM providers" },
  // project level
  "project.read": { level: "project", scope: null, description: "View the project" },
  "project.update": { level: "project", scope: "projects:admin", description: "Rename the project" },
  "project.delete": { level: "project", scope: "projects:admin", description: "Delete the project" },
  "project_member.manage": { level: "project", scope: "projects:admin", description: "Grant and revoke project roles" },
  "workflow.read": { level: "project", scope: "workflow:read", description: "View workflows and versions" },
  "workflow.write": { level: "project", scope: "workflow:write", description: "Create and edit workflow drafts" },
  "workflow.publish": { level: "project", scope: "workflow:write", description: "Publish workflow versions" },
  "run.read": { level: "project", scope: "workflow:read", description: "View runs and their steps" },
  "run.start": { level: "project", scope: "workflow:run", description: "Start, rerun and cancel runs" },
  "approval.decide": { level: "project", scope: "workflow:run", description: "Approve or reject approval gates" },
  "connection.read": { level: "project", scope: "workflow:read", description: "View connections" },
  "connection.manage": { level: "project", scope: "projects:admin", description: "Create, rotate and delete connections" },
  "model_settings.manage": { level: "project", scope: "projects:admin", description: "Set the project's model per role" },
  "mcp.execute": { level: "project", scope: "mcp:execute", description: "Use the Platform MCP server" },
  "mcp_instance.read": { level: "project", scope: "workflow:read", description: "View MCP instances and their tools" },
  "mcp_instance.manage": { level: "project", scope: "projects:admin", description: "Create, sync and delete MCP instances; set tool policies" },
  "mcp_tool.call": { level: "project", scope: "mcp:execute", description: "Test-call an MCP instance's tool (no approval gate)" },
  "agent.read": { level: "project", scope: "workflow:read", description: "View agents and their runtime bundles" },
  "agent.manage": { level: "project", scope: "projects:admin", description: "Register, change and delete agents; issue, rotate and revoke agent tokens" },
  "agent.try": { level: "project", scope: "workflow:run", description: "Send a test request to an agent through the gateway's ingress" },
  "tool.read": { level: "project", scope: "workflow:read", description: "View tools (upstream APIs of the gateway's tool proxy) and their policies" },
  "tool.manage": { level: "project", scope: "projects:admin", description: "Register, change and delete tools; bind agents to them with policies" },
  "tool.test": { level: "project", scope: "projects:admin", description: "Make a test call to a tool's upstream with its credential (no policy applies)" },
  "webhook.manage": { level: "project", scope: "projects:admin", description: "Manage inbound subscriptions and outbound webhook endpoints" },
} as const satisfies Record<string, ActionDef>;

export type Action = keyof typeof ACTIONS;
export const ALL_ACTIONS = Object.keys(ACTIONS) as Action[];

const PROJECT_VIEWER: Action[] = ["project.read", "workflow.read", "run.read", "connection.read", "mcp_instance.read", "agent.read", "tool.read"];
const PROJECT_CONTRIBUTOR: Action[] = [...PROJECT_VIEWER, "workflow.write", "run.start", "approval.decide", "mcp.execute", "agent.try"];
const PROJECT_ADMIN: Action[] = [...PROJECT_CONTRIBUTOR, "project.update", "project.delete", "project_member.manage", "workflow.publish", "connection.manage", "model_settings.manage", "webhook.manage", "mcp_instance.manage", "mcp_tool.call", "agent.manage", "tool.manage", "tool.test"];

const PROJECT_ROLE_ACTIONS: Record<ProjectRole, ReadonlySet<Action>> = {
  project_viewer: new Set(PROJECT_VIEWER),
  project_contributor: new Set(PROJECT_CONTRIBUTOR),
  project_admin: new Set(PROJECT_ADMIN),
};

const MEMBER_WS: Action[] = ["workspace.read", "member.read", "domain.read", "token.manage", "provider.read"];
const ADMIN_WS: Action[] = [...MEMBER_WS, "workspace.update", "billing.read", "provider.manage", "member.invite", "member.update", "member.remove", "domain.manage", "project.create", "audit.read", "workspace.export"];
const OWNER_WS: Action[] = [...ADMIN_WS, "workspace.delete", "workspace.transfer", "billing.manage"];

const WORKSPACE_ROLE_ACTIONS: Record<WorkspaceRole, ReadonlySet<Action>> = {
  member: new Set(MEMBER_WS),
  tenant_admin: new Set(ADMIN_WS),
  owner: new Set(OWNER_WS),
};

/** Owners and tenant admins are implicitly project_admin on every project of their workspace. */
export function effectiveProjectRole(workspaceRole: WorkspaceRole, explicit: ProjectRole | null): ProjectRole | null {
  if (workspaceRole === "owner" || workspaceRole === "tenant_admin") return "project_admin";
  return explicit;
}

export type Grant = {
  workspaceRole: WorkspaceRole;
  /** Effective role in the target project (null: no access), for project-level actions. */
  projectRole?: ProjectRole | null;
  /** Present when the caller is a token: its scopes. Sessions carry every scope. */
  scopes?: readonly string[] | null;
};

type Decision = { allowed: true } | { allowed: false; reason: "forbidden" | "insufficient_scope" };

/** The single authorization question. Any unexpected input denies. */
export function decide(grant: Grant, action: Action): Decision {
  const def = ACTIONS[action] as ActionDef | undefined;
  if (!def) return { allowed: false, reason: "forbidden" };
  // Not a member (or an unknown role): nothing is allowed, whatever projectRole claims.
  if (!Object.hasOwn(WORKSPACE_ROLE_ACTIONS, grant.workspaceRole)) return { allowed: false, reason: "forbidden" };
  const roleAllows =
    def.level === "workspace"
      ? WORKSPACE_ROLE_ACTIONS[grant.workspaceRole]?.has(action) === true
      : grant.projectRole != null && PROJECT_ROLE_ACTIONS[grant.projectRole]?.has(action) === true;
  if (!roleAllows) return { allowed: false, reason: "forbidden" };
  if (grant.scopes && def.scope !== null && !grant.scopes.includes(def.scope)) {
    return { allowed: false, reason: "insufficient_scope" };
  }
  return { allowed: true };
}

export function can(grant: Grant, action: Action): boolean {
  return decide(grant, action).allowed;
}

/** Roles a caller may hand out: nobody grants a role above their own; only the owner makes tenant admins. */
export function assignableWorkspaceRoles(callerRole: WorkspaceRole): WorkspaceRole[] {
  if (callerRole === "owner") return ["tenant_admin", "member"];
  if (callerRole === "tenant_admin") return ["tenant_admin", "member"];
  return [];
}
