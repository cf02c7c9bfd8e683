import type { Tx } from "@/lib/db/client";
import type { WorkspaceRole } from "@/lib/core/scope";
import { notFound } from "@/lib/core/errors";

/**
 * Reads and row-locks a membership for the rest of the transaction, so invariant checks and
 * the change they guard see the same role (a concurrent transfer or removal waits). 404 when
 * the user is not a member of this workspace, whoever they are elsewhere.
 */
export async function lockMemberOrThrow(tx: Tx, workspaceId: string, userId: string): Promise<WorkspaceRole> {
  const rows = await tx.$queryRaw<{ role: WorkspaceRole }[]>`
    SELECT role::text AS role FROM "WorkspaceMember"
    WHERE "workspaceId" = ${workspaceId} AND "userId" = ${userId}
    FOR UPDATE`;
  if (rows.length === 0) throw notFound("Member");
  return rows[0].role;
}
