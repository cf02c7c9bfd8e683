import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError, forbidden } from "@/lib/core/errors";
import { lockMemberOrThrow } from "@/lib/members/lock-member";
import { memberSelect, presentMember } from "@/lib/members/present";
import type { MemberDto } from "@/lib/schemas/members";
import type { WorkspaceScope } from "@/lib/core/scope";

/**
 * Hands ownership to an existing member; the previous owner becomes a tenant admin. Both
 * rows are locked, so two concurrent transfers cannot leave zero or two owners.
 */
export async function transferOwnership(scope: WorkspaceScope, toUserId: string): Promise<{ owner: MemberDto; previousOwner: MemberDto }> {
  const fromUserId = scope.principal.userId;
  if (toUserId === fromUserId) {
    throw new ApiError("invalid_request", "You already own this workspace", { details: [{ path: "userId", message: "Choose another member" }] });
  }
  return db.$transaction(async (tx) => {
    const workspaceId = scope.workspace.id;
    // Lock in a fixed order (by user id) so opposite transfers cannot deadlock.
    const [first, second] = [fromUserId, toUserId].sort();
    const roles = new Map([
      [first, await lockMemberOrThrow(tx, workspaceId, first).catch(rethrowFor(first === fromUserId))],
      [second, await lockMemberOrThrow(tx, workspaceId, second).catch(rethrowFor(second === fromUserId))],
    ]);
    if (roles.get(fromUserId) !== "owner") throw forbidden("Only the owner can transfer ownership");
    const targetBefore = roles.get(toUserId)!;
    const key = (userId: string) => ({ workspaceId_userId: { workspaceId, userId } });
    const previousOwner = await tx.workspaceMember.update({ where: key(fromUserId), data: { role: "tenant_admin" }, select: memberSelect });
    const owner = await tx.workspaceMember.update({ where: key(toUserId), data: { role: "owner" }, select: memberSelect });
    await recordScopedAudit(scope, { action: "workspace.transfer", target: { type: "workspace", id: workspaceId }, before: { owner: fromUserId, newOwnerRole: targetBefore }, after: { owner: toUserId, previousOwnerRole: "tenant_admin" } }, tx);
    return { owner: presentMember(owner), previousOwner: presentMember(previousOwner) };
  });
}

// The caller's own membership vanishing mid-request is a lost race, not a missing target.
function rethrowFor(isCaller: boolean) {
  return (err: unknown): never => {
    if (isCaller) throw forbidden("Only the owner can transfer ownership");
    throw err;
  };
}
