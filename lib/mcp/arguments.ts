import { z } from "zod";
import { ApiError } from "@/lib/core/errors";
import type { AnyOperation, McpInput } from "@/lib/operations/define";

// A tool's arguments are the operation's params, query and body fields side by side, plus its
// `extra` ones: one flat object, as MCP clients expect. Each part is then checked by the
// operation's own schema, so a tool accepts exactly what its REST route accepts.

export type JsonSchema = Record<string, unknown>;
type Part = "params" | "query" | "body" | "extra";
const PARTS: Part[] = ["params", "query", "body", "extra"];

/** A zod schema as plain JSON Schema (draft 2020-12, no `$schema` key: the tool list names the dialect). */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  return json;
}

type Layout = { schema: JsonSchema; owner: Map<string, Part> };

function schemaOfPart(op: AnyOperation, part: Part): z.ZodType | undefined {
  return part === "extra" ? op.mcp?.extra : (op[part] as z.ZodType | undefined);
}

/** The tool's input schema and which part each argument belongs to. */
export function argumentLayout(op: AnyOperation): Layout {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const owner = new Map<string, Part>();
  for (const part of PARTS) {
    const schema = schemaOfPart(op, part);
    if (!schema) continue;
    const json = jsonSchemaOf(schema, "input");
    if (json.type !== "object") throw new Error(`${op.operationId}: the MCP tool needs an object ${part} schema`);
    for (const [key, value] of Object.entries((json.properties ?? {}) as Record<string, unknown>)) {
      if (owner.has(key)) throw new Error(`${op.operationId}: argument ${key} is in both ${owner.get(key)} and ${part}`);
      owner.set(key, part);
      properties[key] = value;
    }
    required.push(...((json.required ?? []) as string[]));
  }
  return { schema: { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false }, owner };
}

/** Splits the arguments by part and parses each with its schema (a ZodError is the API's 422). */
export function parseArguments(op: AnyOperation, layout: Layout, args: Record<string, unknown>): McpInput<z.ZodType, z.ZodType, z.ZodType> {
  const split: Record<Part, Record<string, unknown>> = { params: {}, query: {}, body: {}, extra: {} };
  const unknown = Object.keys(args).filter((key) => !layout.owner.has(key));
  if (unknown.length) {
    throw new ApiError("invalid_request", "The arguments are invalid", { details: unknown.map((path) => ({ path, message: "Unknown argument" })) });
  }
  for (const [key, value] of Object.entries(args)) split[layout.owner.get(key)!][key] = value;
  const parsed = (part: Part) => {
    const schema = schemaOfPart(op, part);
    return schema ? schema.parse(split[part]) : undefined;
  };
  return { params: parsed("params"), query: parsed("query"), body: parsed("body"), extra: (parsed("extra") ?? {}) as Record<string, unknown> };
}
