import type { McpInstance, McpTool } from "@/lib/generated/prisma/client";
import { toolRefusal } from "@/lib/calls/mcp-tool-gate";
import { TOOL_NAME_SEPARATOR, type McpInstanceDto, type McpToolDto } from "@/lib/schemas/mcp-instances";

// How instances and tools leave the server. An instance holds no secret (the connection does),
// so the whole row can be presented; tool annotations are shown as the upstream's hints.

const objectOrNull = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

export function presentInstance(row: McpInstance): McpInstanceDto {
  return {
    id: row.id,
    ...auditView(row),
    protocolEra: row.protocolEra === "modern" || row.protocolEra === "legacy" ? row.protocolEra : null,
    lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
    lastSyncStatus: row.lastSyncStatus === "ok" || row.lastSyncStatus === "error" ? row.lastSyncStatus : null,
    lastSyncError: row.lastSyncError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentTool(instance: McpInstance, tool: McpTool): McpToolDto {
  return {
    name: tool.name,
    qualifiedName: `${instance.name}${TOOL_NAME_SEPARATOR}${tool.name}`,
    description: tool.description,
    inputSchema: objectOrNull(tool.inputSchema) ?? {},
    annotations: objectOrNull(tool.annotations),
    schemaHash: tool.schemaHash,
    policy: tool.policy,
    policySource: tool.policySetAt ? "admin" : "default",
    callable: toolRefusal(instance, tool) === null,
    removed: tool.removedAt !== null,
    updatedAt: tool.updatedAt.toISOString(),
  };
}

/** The audit view of an instance's settings. */
export function auditView(row: McpInstance) {
  return {
    name: row.name,
    adapter: row.adapter,
    url: row.url,
    connectionId: row.connectionId,
    credentialPlacement: row.credentialPlacement,
    credentialName: row.credentialName,
    readOnly: row.readOnly,
    allowTools: row.allowTools,
    denyTools: row.denyTools,
  };
}
