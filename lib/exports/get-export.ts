import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { Caller, WorkspaceScope } from "@/lib/core/scope";
import type { DataExportDto } from "@/lib/schemas/exports";
import { presentExport } from "./present";

const RECENT = 10;

/** One export of the workspace (another workspace's id is simply not found). */
export async function getWorkspaceExport(scope: WorkspaceScope, id: string): Promise<DataExportDto> {
  const exp = await db.dataExport.findFirst({ where: { id, workspaceId: scope.workspace.id, kind: "workspace" } });
  if (!exp) throw notFound("Export");
  return presentExport(exp, scope.meta);
}

/** The workspace's latest exports, newest first. */
export async function listWorkspaceExports(scope: WorkspaceScope): Promise<{ data: DataExportDto[] }> {
  const rows = await db.dataExport.findMany({ where: { workspaceId: scope.workspace.id, kind: "workspace" }, orderBy: { createdAt: "desc" }, take: RECENT });
  return { data: rows.map((r) => presentExport(r, scope.meta)) };
}

/** One of the caller's own account exports. */
export async function getAccountExport(caller: Caller, id: string): Promise<DataExportDto> {
  const exp = await db.dataExport.findFirst({ where: { id, userId: caller.principal.userId, kind: "account" } });
  if (!exp) throw notFound("Export");
  return presentExport(exp, caller.meta);
}
