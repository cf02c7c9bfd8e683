import { SCOPES, type Scope } from "@/lib/authz/permissions";

// What each scope lets a token do, in the words the create dialog shows. A token's rights are
// its scopes intersected with its owner's role, which the dialog also says.
export const SCOPE_INFO: Record<Scope, { label: string; description: string; group: "Workflows" | "Workspace" }> = {
  "workflow:read": { label: "workflow:read", description: "Read workflows, runs and connections", group: "Workflows" },
  "workflow:write": { label: "workflow:write", description: "Create and edit workflow drafts, publish", group: "Workflows" },
  "workflow:run": { label: "workflow:run", description: "Start runs and decide approvals", group: "Workflows" },
  "mcp:execute": { label: "mcp:execute", description: "Use the Platform MCP server", group: "Workflows" },
  "workspace:read": { label: "workspace:read", description: "Read the workspace, members and domains", group: "Workspace" },
  "workspace:admin": { label: "workspace:admin", description: "Administer settings, members and domains", group: "Workspace" },
  "projects:admin": { label: "projects:admin", description: "Create, rename and delete projects", group: "Workspace" },
  "tokens:write": { label: "tokens:write", description: "Create, rotate and revoke tokens", group: "Workspace" },
  "audit:read": { label: "audit:read", description: "Read and export the audit log", group: "Workspace" },
};

export const SCOPE_GROUPS = (["Workspace", "Workflows"] as const).map((group) => ({
  group,
  scopes: SCOPES.filter((s) => SCOPE_INFO[s].group === group),
}));

export const DEFAULT_SCOPES: Scope[] = ["workspace:read", "workflow:read"];

export const EXPIRY_OPTIONS = [
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "No expiry" },
] as const;
