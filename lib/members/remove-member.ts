import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import type { WorkspaceScope } from "@/lib/core/scope";
import { lockMemberOrThrow } from "./lock-member";
import { assertCanRemove } from "./rules";

/**
 * Removes a member (or the caller, when leaving): their project roles in this workspace go,
 * and their API tokens for it are revoked so nothing keeps acting in their name.
 */
export async function removeMember(scope: WorkspaceScope, userId: string): Promise<void> {
  const leaving = userId === scope.principal.userId;
  await db.$transaction(async (tx) => {
    const workspaceId = scope.workspace.id;
    const role = await lockMemberOrThrow(tx, workspaceId, userId);
    assertCanRemove({ callerRole: scope.workspaceRole, callerId: scope.principal.userId, targetId: userId, targetRole: role });
    const projectRoles = await tx.projectMember.findMany({ where: { workspaceId, userId }, select: { projectId: true, role: true } });
    await tx.projectMember.deleteMany({ where: { workspaceId, userId } });
    const revoked = await tx.apiToken.updateMany({ where: { workspaceId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.workspaceMember.delete({ where: { workspaceId_userId: { workspaceId, userId } } });
    await recordScopedAudit(scope, { action: leaving ? "member.leave" : "member.remove", target: { type: "user", id: userId }, before: { role, projectRoles }, after: null, metadata: { tokensRevoked: revoked.count } }, tx);
  });
}

/** The caller leaves the workspace; the owner must transfer ownership first. */
export function leaveWorkspace(scope: WorkspaceScope): Promise<void> {
  return removeMember(scope, scope.principal.userId);
}
