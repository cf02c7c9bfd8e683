import { ApiError, forbidden } from "@/lib/core/errors";
import { assignableWorkspaceRoles } from "@/lib/authz/permissions";
import { type WorkspaceRole } from "@/lib/core/scope";

// The membership invariants, in one place:
// - there is exactly one owner; the owner's role changes only through a transfer, and the
//   owner can be neither removed nor leave without transferring first;
// - nobody hands out a role above their own (assignableWorkspaceRoles);
// - a tenant admin manages members but not their peers: demoting or removing another tenant
//   admin takes the owner (a tenant admin may step down or leave themselves).

type Change = { callerRole: WorkspaceRole; callerId: string; targetId: string; targetRole: WorkspaceRole };

function assertPeerRule(c: Change, verb: string): void {
  if (c.callerRole === "tenant_admin" && c.targetRole === "tenant_admin" && c.callerId !== c.targetId) {
    throw forbidden(`Only the owner can ${verb} another tenant admin`);
  }
}

export function assertCanChangeRole(c: Change, role: WorkspaceRole): void {
  if (c.targetRole === "owner") {
    throw forbidden("The owner's role changes only by transferring ownership (POST /v1/workspaces/current/transfer)");
  }
  if (role === "owner") {
    throw new ApiError("invalid_request", "Ownership moves only through POST /v1/workspaces/current/transfer", {
      details: [{ path: "role", message: "Use the transfer endpoint" }],
    });
  }
  if (!assignableWorkspaceRoles(c.callerRole).includes(role)) throw forbidden(`Your role cannot assign the role ${role}`);
  assertPeerRule(c, "change the role of");
}

export function assertCanRemove(c: Change): void {
  if (c.targetRole === "owner") {
    throw forbidden(c.callerId === c.targetId ? "The owner cannot leave; transfer ownership first" : "The owner cannot be removed; ownership must be transferred first");
  }
  if (c.callerRole === "member" && c.callerId !== c.targetId) throw forbidden("Your role does not allow member.remove");
  assertPeerRule(c, "remove");
}
