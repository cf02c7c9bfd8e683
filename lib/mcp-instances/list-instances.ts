import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { cursorWhere, pageArgs, toPage, type PageQuery } from "@/lib/core/pagination";
import { db } from "@/lib/db/client";
import type { McpInstanceDto } from "@/lib/schemas/mcp-instances";
import { getMcpInstanceOrThrow } from "./find-instance";
import { presentInstance } from "./present";

/** The project's instances, newest first. */
export async function listMcpInstances(scope: TenantRef, q: PageQuery): Promise<{ data: McpInstanceDto[]; nextCursor: string | null }> {
  const rows = await db.mcpInstance.findMany({ where: { ...tenantWhere(scope), ...cursorWhere(q) }, ...pageArgs(q) });
  const page = toPage(rows, q);
  return { data: page.data.map(presentInstance), nextCursor: page.nextCursor };
}

export async function getMcpInstance(scope: TenantRef, id: string): Promise<McpInstanceDto> {
  return presentInstance(await getMcpInstanceOrThrow(scope, id));
}
