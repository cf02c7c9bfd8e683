import { db, type Tx } from "@/lib/db/client";

/** Workspaces the user owns that are not already pending deletion (each workspace has exactly one owner). */
export async function ownedLiveWorkspaces(userId: string, tx: Tx = db): Promise<{ slug: string; name: string }[]> {
  const rows = await tx.workspaceMember.findMany({ where: { userId, role: "owner", workspace: { deletionScheduledFor: null } }, select: { workspace: { select: { slug: true, name: true } } } });
  return rows.map((r) => r.workspace);
}
