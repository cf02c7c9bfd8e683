import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import { db } from "@/lib/db/client";
import type { ToolDto } from "@/lib/schemas/tools";
import { getToolOrThrow } from "./find-tool";
import { presentTool } from "./present";

/** The project's tools, newest first. */
export async function listTools(scope: TenantRef, q: PageQuery): Promise<{ data: ToolDto[]; nextCursor: string | null }> {
  const rows = await db.tool.findMany({ where: { ...tenantWhere(scope), ...cursorWhere(q) }, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: page.data.map(presentTool), nextCursor: page.nextCursor };
}

/** One tool, by id or name. */
export async function getTool(scope: TenantRef, idOrName: string): Promise<ToolDto> {
  return presentTool(await getToolOrThrow(scope, idOrName));
}
