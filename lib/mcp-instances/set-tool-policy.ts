import type { ActingScope } from "@/lib/core/scope";
import { tenantWhere } from "@/lib/core/scope";
import { notFound } from "@/lib/core/errors";
import { actorUserId, recordScopedAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { McpToolDto } from "@/lib/schemas/mcp-instances";
import { getMcpInstanceOrThrow } from "./find-instance";
import { presentTool } from "./present";

/** A project admin's policy for one tool; it then survives every sync. */
export async function setMcpToolPolicy(scope: ActingScope, id: string, toolName: string, policy: McpToolDto["policy"]): Promise<McpToolDto> {
  const instance = await getMcpInstanceOrThrow(scope, id);
  const tool = await db.mcpTool.findFirst({ where: { instanceId: instance.id, name: toolName, ...tenantWhere(scope) } });
  if (!tool) throw notFound("Tool");
  return db.$transaction(async (tx) => {
    const row = await tx.mcpTool.update({ where: { id: tool.id }, data: { policy, policySetAt: new Date(), policySetById: actorUserId(scope.actor) } });
    await recordScopedAudit(
      scope,
      { action: "mcp_tool.policy", target: { type: "mcp_tool", id: tool.id }, before: { policy: tool.policy }, after: { policy }, metadata: { instanceId: instance.id, tool: tool.name } },
      tx,
    );
    return presentTool(instance, row);
  });
}
