import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { WorkspaceRole } from "@/lib/core/scope";
import type { MemberDto } from "@/lib/schemas/members";
import type { WorkspaceScope } from "@/lib/core/scope";
import { lockMemberOrThrow } from "./lock-member";
import { memberSelect, presentMember } from "./present";
import { assertCanChangeRole } from "./rules";

/** Changes a member's workspace role under the invariants of ./rules.ts; audited. */
export async function updateMemberRole(scope: WorkspaceScope, userId: string, role: WorkspaceRole): Promise<MemberDto> {
  return db.$transaction(async (tx) => {
    const current = await lockMemberOrThrow(tx, scope.workspace.id, userId);
    assertCanChangeRole({ callerRole: scope.workspaceRole, callerId: scope.principal.userId, targetId: userId, targetRole: current }, role);
    const where = { workspaceId_userId: { workspaceId: scope.workspace.id, userId } };
    if (current === role) return presentMember(await tx.workspaceMember.findUniqueOrThrow({ where, select: memberSelect }));
    const updated = await tx.workspaceMember.update({ where, data: { role }, select: memberSelect });
    await recordScopedAudit(scope, { action: "member.update", target: { type: "user", id: userId }, before: { role: current }, after: { role } }, tx);
    return presentMember(updated);
  });
}
