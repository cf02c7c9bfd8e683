import { db, type Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { ApiError, forbidden, notFound } from "@/lib/core/errors";
import { PROJECT_ROLES, WORKSPACE_ROLES, type ProjectRole, type WorkspaceRole } from "@/lib/core/scope";
import { assertDomainAllowed } from "@/lib/domains/policy";
import type { Caller } from "@/lib/core/scope";
import { hashInviteToken } from "./invite-token";

type AcceptedInvitation = { workspace: { id: string; slug: string; name: string }; role: WorkspaceRole; projectId: string | null };

// Role lists are ordered from most to least powerful.
const higherWorkspaceRole = (a: WorkspaceRole, b: WorkspaceRole) => (WORKSPACE_ROLES.indexOf(a) <= WORKSPACE_ROLES.indexOf(b) ? a : b);
const higherProjectRole = (a: ProjectRole, b: ProjectRole) => (PROJECT_ROLES.indexOf(a) <= PROJECT_ROLES.indexOf(b) ? a : b);

/**
 * The signed-in user accepts an invitation with the token from its link. Their verified
 * email must be the invited one (case-insensitive); an existing member keeps the higher role.
 */
export async function acceptInvitation(caller: Caller, token: string): Promise<AcceptedInvitation> {
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashInviteToken(token) }, include: { workspace: true } });
  // Unknown and revoked look the same: the link simply does not work.
  if (!invitation || invitation.revokedAt) throw notFound("Invitation");
  const user = await db.user.findUniqueOrThrow({ where: { id: caller.principal.userId }, select: { email: true, emailVerified: true } });
  const workspace = invitation.workspace;
  // Refusals name the workspace: the wrapper audits every 403, in the workspace's log.
  const denial = { attempted: "invitation.accept", workspaceId: workspace.id };
  if (!user.emailVerified) throw forbidden("Verify your email address before accepting an invitation", denial);
  if (user.email.toLowerCase() !== invitation.email.toLowerCase()) {
    throw forbidden("This invitation was sent to a different email address; sign in with that address to accept it", denial);
  }
  if (invitation.acceptedAt) throw new ApiError("conflict", "This invitation has already been accepted");
  if (invitation.expiresAt.getTime() <= Date.now()) {
    throw new ApiError("invalid_request", "This invitation has expired; ask a workspace admin for a new one", { details: [{ path: "token", message: "Expired" }] });
  }
  await assertDomainAllowed(workspace, user.email, "self");

  return db.$transaction(async (tx) => {
    // Claimed conditionally: two concurrent accepts (or an accept racing a revoke) apply once.
    const { count } = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (count === 0) throw new ApiError("conflict", "This invitation was just accepted or revoked");
    const userId = caller.principal.userId;
    const key = { workspaceId_userId: { workspaceId: workspace.id, userId } };
    const existing = await tx.workspaceMember.findUnique({ where: key, select: { role: true } });
    const role = existing ? higherWorkspaceRole(existing.role, invitation.role) : invitation.role;
    if (!existing) await tx.workspaceMember.create({ data: { workspaceId: workspace.id, userId, role } });
    else if (role !== existing.role) await tx.workspaceMember.update({ where: key, data: { role } });
    const grant = role === "member" && invitation.projectId && invitation.projectRole ? await grantProject(tx, workspace.id, invitation.projectId, userId, invitation.projectRole) : null;
    await recordAudit(
      {
        workspaceId: workspace.id,
        actor: caller.actor,
        action: "invitation.accept",
        target: { type: "invitation", id: invitation.id },
        before: existing ? { role: existing.role } : null,
        after: { role, projectId: grant?.projectId ?? null, projectRole: grant?.role ?? null },
        metadata: { invitedById: invitation.invitedById },
        request: caller.meta ?? null,
      },
      tx,
    );
    return { workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role, projectId: grant?.projectId ?? null };
  });
}

// The project may have been deleted since the invitation was sent; then there is nothing to grant.
async function grantProject(tx: Tx, workspaceId: string, projectId: string, userId: string, invited: ProjectRole) {
  const project = await tx.project.findFirst({ where: { id: projectId, workspaceId }, select: { id: true } });
  if (!project) return null;
  const key = { projectId_userId: { projectId, userId } };
  const current = await tx.projectMember.findUnique({ where: key, select: { role: true } });
  const role = current ? higherProjectRole(current.role, invited) : invited;
  await tx.projectMember.upsert({ where: key, create: { workspaceId, projectId, userId, role }, update: { role } });
  return { projectId, role };
}
