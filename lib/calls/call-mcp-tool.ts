import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { CallError } from "./call-error";
import { callDatabaseTool } from "./database-tools";
import { isDatabaseAdapter, isWriteTool } from "./db-tools/catalog";
import { connectionScopeOf, type CallScope } from "./load-connection";
import { mcpTimeoutMs, withMcpSession } from "./mcp-session";
import { toolRefusal } from "./mcp-tool-gate";
import { callOpenApiTool, toolsFromOpenApi } from "./openapi-tools";
import { redact } from "./redact";

// "Call an MCP tool of an instance", for every caller: the test-call endpoint today, workflow
// tool steps and the gateway next. The instance and the cached tool are read tenant-scoped;
// the instance's gate (policy deny, allow/deny lists, read-only) always applies; a caller
// that pins the schema hash (a published workflow version) fails with tool_schema_changed
// instead of calling with stale arguments; `approval_required` tools need the caller to say
// the call was approved. The credential is injected at the fetch layer (mcp-session.ts) and
// anything the upstream echoes of it is cut out of the answer. A database instance's tools are
// built in and run by database-tools.ts against the bound connection instead of a session.

export type McpToolCall = {
  scope: CallScope;
  instanceId: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** The schema hash the caller's arguments were built for; a different cached hash refuses the call. */
  pinnedSchemaHash?: string;
  /** The caller's approval gate passed (an approval bound to this exact call, or an admin's test call). */
  approved: boolean;
  signal?: AbortSignal;
};

export type McpToolAnswer = {
  tool: string;
  toolId: string;
  isError: boolean;
  content: Record<string, unknown>[];
  structuredContent: Record<string, unknown> | null;
  schemaHash: string;
  latencyMs: number;
};

export async function callMcpTool(call: McpToolCall): Promise<McpToolAnswer> {
  const where = tenantWhere(connectionScopeOf(call.scope));
  const instance = await db.mcpInstance.findFirst({ where: { id: call.instanceId, ...where } });
  if (!instance) throw new CallError("mcp_instance_not_found", "MCP instance not found", false);
  const tool = await db.mcpTool.findFirst({ where: { instanceId: instance.id, name: call.tool, ...where } });
  if (!tool) throw new CallError("tool_not_found", `${call.tool} is not among the instance's synced tools`, false);
  const refusal = toolRefusal(instance, tool);
  if (refusal) throw new CallError(refusal.code, refusal.message, false);
  if (call.pinnedSchemaHash !== undefined && call.pinnedSchemaHash !== tool.schemaHash)
    throw new CallError("tool_schema_changed", `The input schema of ${tool.name} changed since the caller was built against it`, false);
  if (needsApproval(instance, tool) && !call.approved) throw new CallError("approval_required", `${tool.name} needs an approval for this call`, false);

  const started = performance.now();
  if (isDatabaseAdapter(instance.adapter)) {
    const answer = await callDatabaseTool({ scope: call.scope, adapter: instance.adapter, connectionId: instance.connectionId, readOnly: instance.readOnly, tool: tool.name, arguments: call.arguments });
    return { tool: tool.name, toolId: tool.id, ...answer, schemaHash: tool.schemaHash, latencyMs: Math.round(performance.now() - started) };
  }

  const signal = call.signal ? AbortSignal.any([call.signal, AbortSignal.timeout(mcpTimeoutMs())]) : AbortSignal.timeout(mcpTimeoutMs());
  if (instance.adapter === "openapi") {
    const operation = (await toolsFromOpenApi((instance.config as { document?: unknown } | null)?.document)).find((t) => t.name === tool.name);
    if (!operation) throw new CallError("tool_not_found", `${tool.name} is no longer an operation of the instance's document`, false);
    if (!instance.connectionId) throw new CallError("connection_required", "Bind the API's connection to the instance", false);
    const answer = await callOpenApiTool({ scope: call.scope, connectionId: instance.connectionId, tool: operation, arguments: call.arguments, signal });
    return { tool: tool.name, toolId: tool.id, ...answer, schemaHash: tool.schemaHash, latencyMs: Math.round(performance.now() - started) };
  }
  const endpoint = { scope: call.scope, url: instance.url, connectionId: instance.connectionId, credentialPlacement: instance.credentialPlacement, credentialName: instance.credentialName, protocolEra: instance.protocolEra };
  return withMcpSession(endpoint, signal, async ({ client, secrets }) => {
    const result = await client.callTool({ name: tool.name, arguments: call.arguments }, { signal });
    const safe = JSON.parse(redact(JSON.stringify({ content: result.content ?? [], structuredContent: result.structuredContent ?? null }), secrets)) as Pick<McpToolAnswer, "content" | "structuredContent">;
    return { tool: tool.name, toolId: tool.id, isError: result.isError === true, ...safe, schemaHash: tool.schemaHash, latencyMs: Math.round(performance.now() - started) };
  });
}

/**
 * approval_required, or a database write tool on a writable instance whose policy is still the
 * default (its cached policy may predate the instance leaving read-only mode).
 */
function needsApproval(instance: { adapter: string; readOnly: boolean }, tool: { name: string; policy: string; policySetAt: Date | null }): boolean {
  if (tool.policy === "approval_required") return true;
  return isDatabaseAdapter(instance.adapter) && !instance.readOnly && !tool.policySetAt && isWriteTool(instance.adapter, tool.name);
}
