import { db } from "@/lib/db/client";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { presentWorkspace } from "./present";
import type { WorkspaceScope } from "@/lib/core/scope";

/** The caller's current workspace (from X-Tenant-Id) with its policies and the caller's role. */
export async function getCurrentWorkspace(scope: Pick<WorkspaceScope, "workspace" | "workspaceRole">): Promise<WorkspaceDto> {
  const row = await db.workspace.findUniqueOrThrow({ where: { id: scope.workspace.id } });
  return presentWorkspace(row, scope.workspaceRole);
}
