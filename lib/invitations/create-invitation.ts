import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { recordAudit } from "@/lib/audit/record";
import { ApiError, forbidden } from "@/lib/core/errors";
import { assignableWorkspaceRoles } from "@/lib/authz/permissions";
import { consume, limit } from "@/lib/rate-limit/limiter";
import { logger } from "@/lib/core/logger";
import { appUrl } from "@/lib/mail/config";
import { sendMail } from "@/lib/mail/send";
import { assertDomainAllowed } from "@/lib/domains/policy";
import type { CreateInvitationInput, InvitationDto } from "@/lib/schemas/invitations";
import type { WorkspaceScope } from "@/lib/core/scope";
import { invitationMail } from "./invitation-mail";
import { generateInviteToken, hashInviteToken, INVITE_PATH } from "./invite-token";
import { invitationSelect, presentInvitation } from "./present";

// Each invitation sends a mail: cap the pace per workspace so it cannot be used to spam.
const INVITE_LIMIT = limit("invitation-create", 100, 3600);

async function projectIdOrThrow(tx: Tx, workspaceId: string, ref: string): Promise<string> {
  const project = await tx.project.findFirst({ where: { workspaceId, OR: [{ id: ref }, { slug: ref }] }, select: { id: true } });
  if (!project) throw new ApiError("invalid_request", "The project does not exist in this workspace", { details: [{ path: "projectId", message: "Project not found" }] });
  return project.id;
}

/**
 * Invites an address by mail. A new invitation replaces any pending one for the same address.
 * The response carries the link once (it holds the token); afterwards only its hash exists.
 */
export async function createInvitation(
  scope: WorkspaceScope,
  input: CreateInvitationInput,
): Promise<InvitationDto & { inviteUrl: string; emailSent: boolean }> {
  if (!assignableWorkspaceRoles(scope.workspaceRole).includes(input.role)) throw forbidden(`Your role cannot invite a ${input.role}`);
  await consume(INVITE_LIMIT, scope.workspace.id);
  const token = generateInviteToken();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 24 * 3600 * 1000);

  const { invitation, workspaceName } = await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.findUniqueOrThrow({ where: { id: scope.workspace.id } });
    await assertDomainAllowed(workspace, input.email, "invitee", tx);
    const member = await tx.workspaceMember.findFirst({ where: { workspaceId: workspace.id, user: { email: input.email } }, select: { userId: true } });
    if (member) throw new ApiError("conflict", "This person is already a member of the workspace", { details: [{ path: "email", message: "Already a member" }] });
    const projectId = input.projectId ? await projectIdOrThrow(tx, workspace.id, input.projectId) : null;
    const replaced = await tx.invitation.updateMany({
      where: { workspaceId: workspace.id, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const invitation = await tx.invitation.create({
      data: {
        id: newId("invitation"),
        workspaceId: workspace.id,
        email: input.email,
        role: input.role,
        projectId,
        projectRole: projectId ? input.projectRole! : null,
        tokenHash: hashInviteToken(token),
        invitedById: scope.principal.userId,
        expiresAt,
      },
      select: invitationSelect,
    });
    await recordAudit(
      {
        workspaceId: workspace.id,
        projectId,
        actor: scope.actor,
        action: "invitation.create",
        target: { type: "invitation", id: invitation.id },
        after: { email: invitation.email, role: invitation.role, projectId, projectRole: invitation.projectRole, expiresAt: expiresAt.toISOString() },
        metadata: { replacedPending: replaced.count },
        request: scope.meta ?? null,
      },
      tx,
    );
    return { invitation, workspaceName: workspace.name };
  });

  const inviteUrl = appUrl(`${INVITE_PATH}${token}`);
  const emailSent = await sendInvitationMail(scope.principal.userId, { to: invitation.email, workspaceName, role: invitation.role, url: inviteUrl, expiresAt });
  return { ...presentInvitation(invitation), inviteUrl, emailSent };
}

// The invitation stands even if the mail fails: the admin gets the link and can resend.
async function sendInvitationMail(inviterId: string, m: Omit<Parameters<typeof invitationMail>[0], "inviter">): Promise<boolean> {
  try {
    const inviter = await db.user.findUnique({ where: { id: inviterId }, select: { name: true, email: true } });
    await sendMail(invitationMail({ ...m, inviter: inviter?.name || inviter?.email || "A workspace admin" }));
    return true;
  } catch (err) {
    logger.warn("invitation mail failed", { err });
    return false;
  }
}
