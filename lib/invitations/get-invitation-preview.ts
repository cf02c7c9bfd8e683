import { db } from "@/lib/db/client";
import type { InvitationStatus } from "@/lib/schemas/invitations";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";
import { hashInviteToken } from "./invite-token";
import { invitationStatus } from "./present";

export type InvitationPreview = {
  email: string;
  role: WorkspaceRole;
  status: InvitationStatus;
  expiresAt: Date;
  workspace: { name: string; slug: string };
  project: { name: string; role: ProjectRole } | null;
};

/**
 * What the /invite/<token> page shows to whoever holds the link: the workspace, the role and
 * the invited address (so they sign in with the right account). Null for unknown tokens.
 */
export async function getInvitationPreview(token: string): Promise<InvitationPreview | null> {
  if (token.length < 16 || token.length > 128) return null;
  const inv = await db.invitation.findUnique({
    where: { tokenHash: hashInviteToken(token) },
    select: { email: true, role: true, projectId: true, projectRole: true, expiresAt: true, acceptedAt: true, revokedAt: true, workspaceId: true, workspace: { select: { name: true, slug: true } } },
  });
  if (!inv) return null;
  const project = inv.projectId && inv.projectRole
    ? await db.project.findFirst({ where: { id: inv.projectId, workspaceId: inv.workspaceId }, select: { name: true } })
    : null;
  return {
    email: inv.email,
    role: inv.role,
    status: invitationStatus(inv),
    expiresAt: inv.expiresAt,
    workspace: inv.workspace,
    project: project && inv.projectRole ? { name: project.name, role: inv.projectRole } : null,
  };
}
