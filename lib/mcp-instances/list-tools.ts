import type { TenantRef } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { McpToolDto } from "@/lib/schemas/mcp-instances";
import { getMcpInstanceOrThrow } from "./find-instance";
import { presentTool } from "./present";

/** The instance's cached tools, by name, as the last sync left them (removed ones included, flagged). */
export async function listMcpInstanceTools(scope: TenantRef, id: string): Promise<{ data: McpToolDto[] }> {
  const instance = await getMcpInstanceOrThrow(scope, id);
  const tools = await db.mcpTool.findMany({ where: { instanceId: instance.id, ...tenantWhere(scope) }, orderBy: { name: "asc" } });
  return { data: tools.map((t) => presentTool(instance, t)) };
}
