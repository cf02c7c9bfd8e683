import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage, DEFAULT_PAGE } from "@/lib/core/pagination";
import type { InvitationDto, InvitationStatus, ListInvitationsQuery } from "@/lib/schemas/invitations";
import { invitationSelect, presentInvitation } from "./present";

function statusWhere(status: InvitationStatus | undefined, now: Date) {
  switch (status) {
    case "accepted":
      return { acceptedAt: { not: null } };
    case "revoked":
      return { acceptedAt: null, revokedAt: { not: null } };
    case "expired":
      return { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } };
    case "pending":
      return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
    default:
      return {};
  }
}

/** A workspace's invitations, newest first, optionally by status (console: members page). */
export async function listInvitations(workspaceId: string, q: ListInvitationsQuery = DEFAULT_PAGE): Promise<{ data: InvitationDto[]; nextCursor: string | null }> {
  const rows = await db.invitation.findMany({
    where: { workspaceId, ...statusWhere(q.status, new Date()), ...cursorWhere(q) },
    ...pageArgs(q),
    select: invitationSelect,
  });
  const page = toPage(rows, q);
  return { data: page.data.map(presentInvitation), nextCursor: page.nextCursor };
}
