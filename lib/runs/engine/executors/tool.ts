import { chargeFor } from "@/lib/billing/pricing";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import { CallError } from "@/lib/calls/call-error";
import { callMcpTool } from "@/lib/calls/call-mcp-tool";
import { tenantWhere } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { toolCallEstimate } from "@/lib/metering/estimate";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { evaluateExpression } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import { StepError } from "../step-error";
import type { ExecContext, PreparedCall } from "./types";

// A tool step: one call of an MCP instance's tool through lib/calls (the instance's gate, the
// pinned schema hash, the credential injected at the fetch layer, redaction). What is the
// engine's: the arguments (a JSONata expression over input and steps), the call's identity
// (instance, tool, SHA-256 of the canonical arguments) an approval is bound to, turning a
// refused call or a tool error into a StepError, and the usage it records.

/** The call a tool step makes, before any approval: the same state gives the same plan. */
export type ToolPlan = {
  instanceId: string;
  tool: string;
  arguments: Record<string, unknown>;
  argumentsHash: string;
  policy: "allow" | "approval_required" | "deny";
};

export async function planToolCall(node: NodeOf<"tool">, ctx: ExecContext): Promise<ToolPlan> {
  const c = node.config;
  let args: unknown = {};
  if (c.arguments !== undefined) {
    try {
      args = await evaluateExpression(c.arguments, ctx.scope);
    } catch (err) {
      if (err instanceof ExpressionError) throw new StepError("expression_error", err.message, false);
      throw err;
    }
  }
  if (args === undefined || args === null) args = {};
  if (typeof args !== "object" || Array.isArray(args)) throw new StepError("invalid_tool_arguments", "The arguments expression must give an object", false, { got: Array.isArray(args) ? "array" : typeof args });
  const tool = await db.mcpTool.findFirst({
    where: { instanceId: c.instanceId, name: c.tool, ...tenantWhere({ workspace: { id: ctx.run.workspaceId }, project: { id: ctx.run.projectId } }) },
    select: { policy: true },
  });
  if (!tool) throw new StepError("tool_not_found", `${c.tool} is not among the synced tools of MCP instance ${c.instanceId}`, false);
  const argsObject = args as Record<string, unknown>;
  return { instanceId: c.instanceId, tool: c.tool, arguments: argsObject, argumentsHash: canonicalHash(argsObject), policy: tool.policy };
}

/** The text of a tool's error result, for the step's error message. */
function errorText(content: Record<string, unknown>[]): string {
  const text = content.flatMap((c) => (c.type === "text" && typeof c.text === "string" ? [c.text] : [])).join("\n");
  return text.slice(0, 2000) || "The tool reported an error";
}

/** A prepared tool call. `approved`: the run's approval bound to this very call was granted. */
export function prepareTool(node: NodeOf<"tool">, ctx: ExecContext, plan: ToolPlan, approved: boolean): PreparedCall {
  const input = { instanceId: plan.instanceId, tool: plan.tool, arguments: plan.arguments, argumentsHash: plan.argumentsHash, ...(node.config.schemaHash ? { schemaHash: node.config.schemaHash } : {}) };
  return {
    input,
    estimate: toolCallEstimate(),
    async call(_attempt, signal) {
      let answer;
      try {
        answer = await callMcpTool({
          scope: { workspaceId: ctx.run.workspaceId, projectId: ctx.run.projectId },
          instanceId: plan.instanceId,
          tool: plan.tool,
          arguments: plan.arguments,
          ...(node.config.schemaHash ? { pinnedSchemaHash: node.config.schemaHash } : {}),
          approved,
          signal,
        });
      } catch (err) {
        if (err instanceof CallError) throw new StepError(err.code, err.message, err.retryable);
        throw err;
      }
      if (answer.isError) throw new StepError("tool_error", errorText(answer.content), false, { content: answer.content });
      const usage = [{ kind: "tool" as const, charge: chargeFor({ kind: "tool" }) }];
      return { output: { content: answer.content, structuredContent: answer.structuredContent, latencyMs: answer.latencyMs }, usage };
    },
  };
}
