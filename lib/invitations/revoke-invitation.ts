import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError, notFound } from "@/lib/core/errors";
import type { InvitationDto } from "@/lib/schemas/invitations";
import type { WorkspaceScope } from "@/lib/core/scope";
import { invitationSelect, invitationStatus, presentInvitation } from "./present";

/** Revokes a pending (or expired) invitation; revoking twice is harmless, an accepted one is a 409. */
export async function revokeInvitation(scope: WorkspaceScope, id: string): Promise<InvitationDto> {
  return db.$transaction(async (tx) => {
    const before = await tx.invitation.findFirst({ where: { id, workspaceId: scope.workspace.id }, select: invitationSelect });
    if (!before) throw notFound("Invitation");
    if (before.acceptedAt) throw new ApiError("conflict", "This invitation was already accepted; remove the member instead");
    if (before.revokedAt) return presentInvitation(before);
    // Conditional on still being open, so a concurrent acceptance wins or loses cleanly.
    const { count } = await tx.invitation.updateMany({ where: { id, workspaceId: scope.workspace.id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", "This invitation was just accepted or revoked");
    const after = await tx.invitation.findUniqueOrThrow({ where: { id }, select: invitationSelect });
    await recordScopedAudit(scope, { action: "invitation.revoke", target: { type: "invitation", id }, before: { email: before.email, role: before.role, status: invitationStatus(before) }, after: { status: "revoked" } }, tx);
    return presentInvitation(after);
  });
}
