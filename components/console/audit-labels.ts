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
};

export function auditActionLabel(action: string): string {
  return LABELS[action] ?? action;
}

/** Suggestions for the action filter: known codes plus family wildcards. */
export const AUDIT_ACTION_SUGGESTIONS = [
  ...new Set([...Object.keys(LABELS), ...Object.keys(LABELS).map((a) => `${a.split(".")[0]}.*`)]),
].sort();
