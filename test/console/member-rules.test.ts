import { describe, expect, it } from "vitest";
import { assignableRolesFor, canLeave, canRemove, canTransferTo } from "@/components/console/members/member-rules";
import { can } from "@/lib/authz/permissions";
import { WORKSPACE_ROLES, type WorkspaceRole } from "@/lib/core/scope";
import { assertCanChangeRole, assertCanRemove } from "@/lib/members/rules";
import { ASSIGNABLE_ROLES } from "@/lib/schemas/members";

// The console hides what the server would reject: for every viewer role × target role ×
// (self | someone else), each member control is shown exactly when the server's permission
// table AND its membership invariants (lib/members/rules.ts) accept the request behind it.

const passes = (fn: () => void) => {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
};

const cases = WORKSPACE_ROLES.flatMap((viewerRole) =>
  WORKSPACE_ROLES.flatMap((targetRole) =>
    [false, true]
      // Yourself has your own role.
      .filter((self) => !self || viewerRole === targetRole)
      .map((self) => ({ viewerRole, targetRole, self })),
  ),
);

describe.each(cases)("viewer $viewerRole → target $targetRole (self: $self)", ({ viewerRole, targetRole, self }) => {
  const viewer = { id: "usr_viewer", role: viewerRole as WorkspaceRole };
  const target = { userId: self ? "usr_viewer" : "usr_target", role: targetRole as WorkspaceRole };
  const change = { callerRole: viewer.role, callerId: viewer.id, targetId: target.userId, targetRole: target.role };

  it("offers exactly the roles PATCH /v1/members/{userId} accepts", () => {
    const serverAccepts = ASSIGNABLE_ROLES.filter((r) => can({ workspaceRole: viewer.role }, "member.update") && passes(() => assertCanChangeRole(change, r)));
    expect([...assignableRolesFor(viewer, target)].sort()).toEqual([...serverAccepts].sort());
  });

  it("shows Remove exactly when DELETE /v1/members/{userId} is accepted (others only)", () => {
    const serverAccepts = !self && can({ workspaceRole: viewer.role }, "member.remove") && passes(() => assertCanRemove(change));
    expect(canRemove(viewer, target)).toBe(serverAccepts);
  });

  it("shows Leave exactly when POST /v1/members/leave is accepted", () => {
    const serverAccepts = self && can({ workspaceRole: viewer.role }, "workspace.read") && passes(() => assertCanRemove(change));
    expect(canLeave(viewer, target)).toBe(serverAccepts);
  });

  it("shows Transfer ownership only to the owner, for someone else", () => {
    expect(canTransferTo(viewer, target)).toBe(!self && viewer.role === "owner");
  });
});
