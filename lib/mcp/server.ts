import { McpServer, type StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import { canIn } from "@/lib/access/authorize";
import type { ProjectContext } from "@/lib/api/with-auth";
import type { JsonSchema } from "./arguments";
import { callTool } from "./call-tool";
import { contextTool } from "./context-tool";
import { operationTools } from "./operation-tools";
import type { McpTool } from "./tool";

// The Platform MCP server of one request: the tools the caller may use (scopes ∩ role, the
// permission table's answer), and nothing else — an out-of-scope tool is neither listed nor
// callable.

/** Every Platform MCP tool, before the caller's rights are applied. */
export function allTools(): ReadonlyArray<McpTool> {
  return [contextTool, ...operationTools()];
}

/** The tools this caller may use in its project. */
export function toolsFor(ctx: ProjectContext): McpTool[] {
  return allTools().filter((tool) => canIn(ctx, tool.action, ctx.projectRole));
}

/**
 * A JSON Schema the SDK lists as is. Validation is left to the tool (the operation's zod
 * schemas), so invalid arguments get the API's 422 body rather than the SDK's message.
 */
function listed(schema: JsonSchema): StandardSchemaWithJSON<Record<string, unknown>> {
  return {
    "~standard": {
      version: 1,
      vendor: "agentruntime",
      validate: (value: unknown) => ({ value: (value ?? {}) as Record<string, unknown> }),
      jsonSchema: { input: () => schema, output: () => schema },
    },
  };
}

export function buildServer(ctx: ProjectContext): McpServer {
  const server = new McpServer(
    { name: "agentruntime", title: "AgentRuntime Platform MCP", version: "1.0.0" },
    {
      capabilities: { tools: { listChanged: false } },
      instructions:
        "AgentRuntime: workflows, runs and approvals of one project. Call context_get first. Runs take their input from the trigger's JSON Schema (workflows_get); runs_start needs an idempotencyKey.",
    },
  );
  for (const tool of toolsFor(ctx)) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: listed(tool.inputSchema), outputSchema: listed(tool.outputSchema), annotations: tool.annotations },
      async (args, mcp) => callTool(tool, ctx, args, mcp),
    );
  }
  return server;
}
