import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { WorkspaceScope } from "@/lib/core/scope";
import { presentDeletion, type DeletionDto } from "./present";

/** The workspace's pending deletion (for the console banner), or 404 when none. */
export async function getPendingDeletion(workspaceId: string): Promise<DeletionDto | null> {
  const row = await db.workspaceDeletion.findFirst({ where: { workspaceId, status: { in: ["scheduled", "purging"] } } });
  return row ? presentDeletion(row) : null;
}

export async function getWorkspaceDeletion(scope: WorkspaceScope): Promise<DeletionDto> {
  const d = await getPendingDeletion(scope.workspace.id);
  if (!d) throw notFound("Pending deletion");
  return d;
}
