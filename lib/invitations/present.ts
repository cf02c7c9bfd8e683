import type { InvitationDto, InvitationStatus } from "@/lib/schemas/invitations";
import type { ProjectRole, WorkspaceRole } from "@/lib/core/scope";

type Row = {
  id: string;
  email: string;
  role: WorkspaceRole;
  projectId: string | null;
  projectRole: ProjectRole | null;
  invitedById: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
};

/** Every column but tokenHash: the hash never leaves the server. */
export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  projectId: true,
  projectRole: true,
  invitedById: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  createdAt: true,
} as const;

export function invitationStatus(r: Pick<Row, "acceptedAt" | "revokedAt" | "expiresAt">, now = new Date()): InvitationStatus {
  if (r.acceptedAt) return "accepted";
  if (r.revokedAt) return "revoked";
  return r.expiresAt.getTime() <= now.getTime() ? "expired" : "pending";
}

export function presentInvitation(r: Row): InvitationDto {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    projectId: r.projectId,
    projectRole: r.projectRole,
    status: invitationStatus(r),
    invitedById: r.invitedById,
    expiresAt: r.expiresAt.toISOString(),
    acceptedAt: r.acceptedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
