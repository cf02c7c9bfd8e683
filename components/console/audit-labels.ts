// Human wording for audit actions; unknown actions show their code, which is still readable.
const LABELS: Record<string, string> = {
  "auth.sign_in": "Signed in",
  "auth.sign_out": "Signed out",
  "auth.sign_up": "Signed up",
  "auth.password_change": "Changed their password",
  "auth.password_reset": "Reset their password",
  "auth.email_verified": "Verified their email",
  "authz.denied": "Was denied an action",
  "workspace.create": "Created the workspace",
  "workspace.update": "Updated workspace settings",
  "workspace.transfer": "Transferred ownership",
  "workspace.delete": "Deleted the workspace",
  "project.create": "Created a project",
  "project.update": "Renamed a project",
  "project.delete": "Deleted a project",
  "project_member.set": "Granted a project role",
  "project_member.remove": "Removed a project member",
  "member.invite": "Invited a member",
  "member.update": "Changed a member's role",
  "member.remove": "Removed a member",
  "member.leave": "Left the workspace",
  "member.join": "Joined the workspace",
  "invitation.create": "Invited a member",
  "invitation.revoke": "Revoked an invitation",
  "invitation.accept": "Accepted an invitation",
  "domain.create": "Added a domain",
  "domain.verify": "Verified a domain",
  "domain.verify_failed": "Domain verification failed",
  "domain.delete": "Removed a domain",
  "token.create": "Created a token",
  "token.revoke": "Revoked a token",
  "token.rotate": "Rotated a token",
  "audit.export": "Exported the audit log",
  "agent.create": "Registered an agent",
  "agent.update": "Changed an agent",
  "agent.delete": "Deleted an agent",
  "agent.token_rotate": "Rotated an agent's token",
  "agent.token_issue": "Issued an agent token",
  "agent.token_revoke": "Revoked an agent token",
  "tool.create": "Registered a tool",
  "tool.update": "Changed a tool",
  "tool.delete": "Deleted a tool",
  "tool.test": "Made a test call to a tool",
  "tool_policy.create": "Bound an agent to a tool",
  "tool_policy.update": "Changed a tool policy",
  "tool_policy.delete": "Removed a tool policy",
  "auth.sign_in_failed": "Failed to sign in",
  "auth.password_changed": "Changed their password",
  "auth.password_change_failed": "Failed to change their password",
  "account.deleted": "Deleted their account",
  "workflow.created": "Created a workflow",
  "workflow.updated": "Updated a workflow",
  "workflow.published": "Published a workflow",
  "workflow.deleted": "Deleted a workflow",
  "run.started": "Started a run",
  "approval.expired": "An approval expired",
};

export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}

/** Suggestions for the action filter: known codes plus family wildcards. */
export const AUDIT_ACTION_SUGGESTIONS = [
  ...new Set([...Object.keys(LABELS), ...Object.keys(LABELS).map((a) => `${a.split(".")[0]}.*`)]),
].sort();

// ───── Sentences: "Nora updated workflow Refund triage" ─────

const NOUNS: Record<string, string> = {
  agent_token: "agent token",
  api_token: "API token",
  token: "API token",
  checkout_session: "checkout",
  data_export: "data export",
  inbound_subscription: "inbound subscription",
  llm_provider: "provider",
  mcp_instance: "MCP server",
  mcp_tool: "MCP tool",
  model_setting: "model setting",
  platform_token: "platform token",
  tool_policy: "tool policy",
  webhook_endpoint: "webhook",
  user: "",
};

// Past tense of the last segment of an action code (workflow.updated, member.invite, …).
const VERBS: Record<string, string> = {
  create: "created", created: "created", update: "updated", updated: "updated", delete: "deleted", deleted: "deleted",
  publish: "published", published: "published", revoke: "revoked", rotate: "rotated", rotate_secret: "rotated the secret of",
  invite: "invited", remove: "removed", verify: "verified", verify_failed: "failed to verify", test: "tested", started: "started",
  expired: "expired", set: "set a project role for", accept: "accepted", transfer: "transferred", token_rotate: "rotated the token of",
  token_issue: "issued a token for", token_revoke: "revoked a token of", redeliver: "redelivered a delivery of", disabled: "disabled",
  sync: "synced", download: "downloaded", export: "exported", checkout: "started a checkout", validate: "validated", reconnected: "reconnected",
  needs_reconnect: "marked for reconnection", oauth_connected: "connected", oauth_revoke: "revoked the sign-in of", auto_join: "auto-joined",
  delete_requested: "requested deletion of", delete_canceled: "canceled deletion of", decide: "decided", approved: "approved", rejected: "rejected",
};

type SentenceEntry = { action: string; target: { type: string; id: string | null; name: string | null } | null };

/**
 * What happened, as a sentence after the actor's name: { verb: "updated", noun: "workflow",
 * name: "Refund triage" }. Sign-ins and other acts on oneself have no object.
 */
export function auditSentence(e: SentenceEntry): { verb: string; noun: string; name: string | null } {
  const [family, ...rest] = e.action.split(".");
  const last = rest.join("_");
  const self = family === "auth" || family === "account" || e.action === "member.leave" || e.action === "member.join";
  const label = LABELS[e.action];
  if (self || !e.target || !VERBS[last]) {
    const verb = label ? label[0].toLowerCase() + label.slice(1) : e.action;
    return { verb, noun: "", name: self || !e.target ? null : (e.target.name ?? e.target.id) };
  }
  const noun = NOUNS[e.target.type] ?? e.target.type.replace(/_/g, " ");
  return { verb: VERBS[last], noun, name: e.target.name ?? e.target.id };
}
