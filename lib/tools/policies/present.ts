import type { ToolPolicy } from "@/lib/generated/prisma/client";
import type { ToolPolicyDto } from "@/lib/schemas/tools";

// How a tool's policy bindings leave the server: with the agent they bind, by id, slug and name.

export const policyInclude = { agent: { select: { id: true, slug: true, name: true } } } as const;
export type PolicyRow = ToolPolicy & { agent: { id: string; slug: string; name: string } };

export function presentToolPolicy(row: PolicyRow): ToolPolicyDto {
  return {
    id: row.id,
    toolId: row.toolId,
    agent: { id: row.agent.id, slug: row.agent.slug, name: row.agent.name },
    ...settingsView(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a binding. */
export const policyAuditView = (row: ToolPolicy) => ({ toolId: row.toolId, agentId: row.agentId, ...settingsView(row) });

function settingsView(row: ToolPolicy) {
  return {
    effect: row.effect,
    method: row.method as ToolPolicyDto["method"],
    pathPattern: row.pathPattern,
    endUserId: row.endUserId,
    callsPerMinute: row.callsPerMinute,
    endUserCallsPerMinute: row.endUserCallsPerMinute,
    description: row.description,
  };
}
