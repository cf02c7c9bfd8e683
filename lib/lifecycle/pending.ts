import { workspacePendingDeletion as pendingDeletion } from "@/lib/core/errors";
import type { Tx } from "@/lib/db/client";

/**
 * Refuses work in a workspace that is pending deletion. Takes a FOR SHARE lock on the workspace
 * row, so a deletion request (which updates it) and this transaction serialise: a run started
 * concurrently with the request either commits before it or sees it.
 */
export async function assertWorkspaceActive(tx: Tx, workspaceId: string): Promise<void> {
  const rows = await tx.$queryRaw<{ pending: boolean }[]>`SELECT "deletionScheduledFor" IS NOT NULL AS pending FROM "Workspace" WHERE id = ${workspaceId} FOR SHARE`;
  if (rows.length === 0 || rows[0].pending) throw pendingDeletion();
}
