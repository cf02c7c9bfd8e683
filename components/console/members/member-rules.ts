import { assignableWorkspaceRoles, can } from "@/lib/authz/permissions";
import { type WorkspaceRole } from "@/lib/core/scope";

// Which member controls the viewer sees. These mirror the server's membership invariants
// (lib/members/rules.ts) on top of the permission table, so no control leads to a 403:
// the single owner changes only by transfer; tenant admins do not manage their peers.

type Viewer = { id: string; role: WorkspaceRole };
type Target = { userId: string; role: WorkspaceRole };

const peerBlocked = (v: Viewer, t: Target) => v.role === "tenant_admin" && t.role === "tenant_admin" && v.id !== t.userId;

export function assignableRolesFor(v: Viewer, t: Target): WorkspaceRole[] {
  if (t.role === "owner" || !can({ workspaceRole: v.role }, "member.update") || peerBlocked(v, t)) return [];
  return assignableWorkspaceRoles(v.role);
}

export function canRemove(v: Viewer, t: Target): boolean {
  return t.userId !== v.id && t.role !== "owner" && can({ workspaceRole: v.role }, "member.remove") && !peerBlocked(v, t);
}

export function canLeave(v: Viewer, t: Target): boolean {
  return t.userId === v.id && t.role !== "owner";
}

export function canTransferTo(v: Viewer, t: Target): boolean {
  return t.userId !== v.id && can({ workspaceRole: v.role }, "workspace.transfer");
}
