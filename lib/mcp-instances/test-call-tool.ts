import type { ActingScope } from "@/lib/core/scope";
import { ApiError, notFound } from "@/lib/core/errors";
import { recordScopedAudit } from "@/lib/audit/record";
import { CallError } from "@/lib/calls/call-error";
import { callMcpTool } from "@/lib/calls/call-mcp-tool";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import type { CallMcpToolResponse } from "@/lib/schemas/mcp-instances";
import { getMcpInstanceOrThrow } from "./find-instance";

// A project admin's test call of one tool (the console's test-call form). It passes the
// instance's gate like any call; an approval_required tool is called, the admin's own call
// being its approval. Audited with the hash of the arguments, never the arguments (they may
// carry personal data) nor anything of the result.

const REFUSED = new Set(["tool_denied", "tool_not_allowed", "read_only", "tool_removed"]);

export async function testCallMcpTool(scope: ActingScope, id: string, toolName: string, args: Record<string, unknown>): Promise<CallMcpToolResponse> {
  const instance = await getMcpInstanceOrThrow(scope, id);
  const audit = (metadata: Record<string, unknown>) =>
    recordScopedAudit(scope, { action: "mcp_tool.call", target: { type: "mcp_instance", id: instance.id }, metadata: { tool: toolName, argumentsHash: canonicalHash(args), ...metadata } });
  try {
    const answer = await callMcpTool({ scope: { workspaceId: scope.workspace.id, projectId: scope.project.id }, instanceId: instance.id, tool: toolName, arguments: args, approved: true });
    await audit({ toolId: answer.toolId, schemaHash: answer.schemaHash, isError: answer.isError, latencyMs: answer.latencyMs });
    const { toolId: _toolId, ...rest } = answer;
    return { ...rest, error: null };
  } catch (err) {
    if (!(err instanceof CallError)) throw err;
    if (err.code === "tool_not_found") throw notFound("Tool");
    if (REFUSED.has(err.code)) throw new ApiError("forbidden", err.message, { denial: { attempted: "mcp_tool.call", reason: err.code } });
    // The call did not reach the tool (unreachable, refused credential, protocol error): a result, not a server error.
    await audit({ isError: true, error: err.code });
    return { tool: toolName, isError: true, content: [], structuredContent: null, schemaHash: null, latencyMs: 0, error: { code: err.code, message: err.message, retryable: err.retryable } };
  }
}
