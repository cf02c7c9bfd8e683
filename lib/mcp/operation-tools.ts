import type { z } from "zod";
import type { ProjectContext } from "@/lib/api/with-auth";
import { OPERATION_RESOURCES } from "@/lib/operations/all";
import type { AnyOperation, OperationResource } from "@/lib/operations/define";
import { argumentLayout, jsonSchemaOf, parseArguments } from "./arguments";
import type { McpTool } from "./tool";

// The tools generated from the operation definitions (lib/operations): each operation with an
// `mcp` block is one tool, with the operation's action, schemas and handler, so REST, OpenAPI
// and MCP cannot drift apart.

function outputOf(op: AnyOperation, components: Record<string, z.ZodType>): z.ZodType {
  const declared = op.mcp?.output ?? Object.entries(op.responses).find(([status]) => Number(status) >= 200 && Number(status) < 300)?.[1].schema;
  const schema = typeof declared === "function" ? declared(components) : declared;
  if (!schema) throw new Error(`${op.operationId}: an MCP tool needs a response schema`);
  return schema;
}

/** A handler's Response (REST handlers that set headers or a status) read back as data. */
async function dataOf(result: unknown): Promise<unknown> {
  return result instanceof Response ? result.json() : result;
}

function toolOf(op: AnyOperation, resource: OperationResource): McpTool {
  const mcp = op.mcp!;
  if (op.auth !== "project" || !op.action || op.parse === "manual" || op.projectParam) throw new Error(`${op.operationId}: only plain project operations have MCP tools`);
  const layout = argumentLayout(op);
  const output = outputOf(op, resource.components);
  const input = (args: Record<string, unknown>) => parseArguments(op, layout, args);
  const confirm = mcp.confirm;
  return {
    name: mcp.name,
    title: mcp.title ?? op.summary,
    description: mcp.description ?? [op.summary, op.description].filter(Boolean).join("\n\n"),
    action: op.action,
    annotations: mcp.annotations,
    inputSchema: layout.schema,
    outputSchema: jsonSchemaOf(output, "output"),
    output,
    ...(confirm ? { confirm: (ctx: ProjectContext, args: Record<string, unknown>) => confirm(ctx as never, input(args) as never) } : {}),
    run: async (ctx, args) => {
      const parsed = input(args);
      return dataOf(mcp.call ? await mcp.call(ctx as never, parsed as never) : await op.handler(ctx as never, parsed as never));
    },
  };
}

let cached: ReadonlyArray<McpTool> | undefined;

/** Every operation tool, built once per process. */
export function operationTools(): ReadonlyArray<McpTool> {
  return (cached ??= OPERATION_RESOURCES.flatMap((resource) => resource.operations.filter((op) => op.mcp).map((op) => toolOf(op, resource))));
}
