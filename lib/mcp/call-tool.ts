import { CLIENT_CAPABILITIES_META_KEY, inputRequired, inputResponse, type CallToolResult, type InputRequiredResult, type ServerContext } from "@modelcontextprotocol/server";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { auditDenial } from "@/lib/api/audit-denial";
import { toErrorResponse } from "@/lib/api/error-response";
import type { ProjectContext } from "@/lib/api/with-auth";
import { consume, limit } from "@/lib/rate-limit/limiter";
import type { McpTool } from "./tool";

// One tools/call: the write limit, the confirmation of a decision, the tool, and its result —
// data as structuredContent plus a JSON text copy, or the API's error body as an isError result.

/** Write tools have a tighter per-token budget, per tool (AR_RL_MCP_WRITE_POINTS/_SECONDS). */
const writeLimit = () => limit("mcp_write", 30, 60);

const CONFIRM_KEY = "confirm";

type Answer = CallToolResult | InputRequiredResult;

function ok(tool: McpTool, data: unknown, requestId: string): CallToolResult {
  const plain: unknown = JSON.parse(JSON.stringify(data ?? null));
  const parsed = tool.output.safeParse(plain);
  if (!parsed.success) logger.warn("an MCP tool result does not match its output schema", { requestId, tool: tool.name, issues: parsed.error.issues.slice(0, 5) });
  const structured = (parsed.success ? parsed.data : plain) as Record<string, unknown>;
  return { content: [{ type: "text", text: JSON.stringify(structured) }], structuredContent: structured };
}

/**
 * The API's error body as a tool error. No structuredContent: 2025-era clients check it against
 * the tool's output schema even on errors.
 */
async function failed(err: unknown, ctx: ProjectContext, tool: McpTool): Promise<CallToolResult> {
  await auditDenial(err, { actor: ctx.actor, workspaceId: ctx.workspace.id, projectId: ctx.project.id, action: tool.action }, ctx.req, ctx.meta);
  const body = (await toErrorResponse(err, ctx.meta.requestId).json()) as unknown;
  return { isError: true, content: [{ type: "text", text: JSON.stringify(body) }] };
}

/** Whether this request's client can answer a form elicitation (2026-07-28: declared per request). */
function canElicit(mcp: ServerContext): boolean {
  const capabilities = mcp.mcpReq.envelope?.[CLIENT_CAPABILITIES_META_KEY as keyof typeof mcp.mcpReq.envelope] as { elicitation?: { form?: unknown; url?: unknown } } | undefined;
  const elicitation = capabilities?.elicitation;
  if (!elicitation) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/**
 * A decision's confirmation: accepted → null (go on); declined → an error; not asked yet → the
 * input-required result asking it, when the client can answer; a client that cannot (2025-era
 * stateless, or no elicitation) proceeds without it.
 */
function confirmation(mcp: ServerContext, question: string): Answer | "go" {
  const answer = inputResponse(mcp.mcpReq.inputResponses, CONFIRM_KEY);
  if (answer.kind === "elicit") {
    if (answer.action === "accept" && answer.content?.[CONFIRM_KEY] === true) return "go";
    throw new ApiError("conflict", "Not confirmed: the user declined, nothing was changed");
  }
  if (!canElicit(mcp)) return "go";
  return inputRequired({
    inputRequests: {
      [CONFIRM_KEY]: inputRequired.elicit({
        message: question,
        requestedSchema: { type: "object", properties: { [CONFIRM_KEY]: { type: "boolean", title: "Confirm", description: question } }, required: [CONFIRM_KEY] },
      }),
    },
  });
}

export async function callTool(tool: McpTool, ctx: ProjectContext, args: Record<string, unknown>, mcp: ServerContext): Promise<Answer> {
  try {
    if (tool.confirm) {
      const asked = confirmation(mcp, await tool.confirm(ctx, args));
      if (asked !== "go") return asked;
    }
    if (!tool.annotations.readOnlyHint) {
      const who = ctx.principal.type === "token" ? `tok:${ctx.principal.tokenId}` : `usr:${ctx.principal.userId}`;
      await consume(writeLimit(), `${who}:${tool.name}`);
    }
    return ok(tool, await tool.run(ctx, args), ctx.meta.requestId);
  } catch (err) {
    return failed(err, ctx, tool);
  }
}
