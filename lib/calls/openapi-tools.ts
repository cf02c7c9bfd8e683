import SwaggerParser from "@apidevtools/swagger-parser";
import { CallError } from "./call-error";
import { callConnection } from "./call-connection";
import { connectionUrl } from "./connection-url";
import type { CallScope } from "./load-connection";

// The generic HTTP adapter of MCP instances: an API described by an OpenAPI 3 document, each
// operation one tool. The document only describes; every call goes to the bound connection's
// own base URL (never the document's `servers`), through callConnection — the credential from
// the vault, the egress policy, redaction — exactly like a workflow's HTTP step.

const METHODS = ["get", "put", "post", "delete", "patch"] as const;
type Method = (typeof METHODS)[number];
const MAX_TOOLS = 200;
const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean };

/** One operation as a tool: what MCP lists, and how a call of it becomes a request. */
export type OpenApiTool = {
  name: string;
  description: string | null;
  inputSchema: Record<string, unknown>;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: true };
  method: Uppercase<Method>;
  path: string;
  parameters: Parameter[];
  /** The argument that carries the JSON body, when the operation takes one. */
  bodyArgument: string | null;
};

type RawParameter = { name?: unknown; in?: unknown; required?: unknown; schema?: unknown; description?: unknown };
type RawOperation = { operationId?: unknown; summary?: unknown; description?: unknown; parameters?: RawParameter[]; requestBody?: { required?: unknown; content?: Record<string, { schema?: unknown }> } };

function toolName(op: RawOperation, method: Method, path: string, taken: Set<string>): string {
  const raw = typeof op.operationId === "string" && op.operationId ? op.operationId : `${method}_${path.replace(/^\/+/, "")}`;
  const base = raw.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 120) || method;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

function parametersOf(shared: RawParameter[] | undefined, own: RawParameter[] | undefined): (Parameter & { schema: unknown; description: string | null })[] {
  const byKey = new Map<string, Parameter & { schema: unknown; description: string | null }>();
  for (const p of [...(shared ?? []), ...(own ?? [])]) {
    if (typeof p.name !== "string" || (p.in !== "path" && p.in !== "query" && p.in !== "header")) continue;
    byKey.set(`${p.in}:${p.name}`, { name: p.name, in: p.in, required: p.in === "path" || p.required === true, schema: p.schema ?? { type: "string" }, description: typeof p.description === "string" ? p.description : null });
  }
  return [...byKey.values()];
}

/** The first `$ref` that points outside the document, if any (iterative: deep documents cannot overflow). */
function externalRef(document: unknown): string | null {
  const stack: unknown[] = [document];
  while (stack.length) {
    const v = stack.pop();
    if (!v || typeof v !== "object") continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string" && !x.startsWith("#")) return x;
      stack.push(x);
    }
  }
  return null;
}

/**
 * The tools of an OpenAPI 3 document: validated, internal `$ref`s resolved (external ones are
 * refused: resolving them would fetch arbitrary URLs), at most 200 operations.
 */
export async function toolsFromOpenApi(document: unknown): Promise<OpenApiTool[]> {
  if (!document || typeof document !== "object" || typeof (document as { openapi?: unknown }).openapi !== "string") {
    throw new CallError("invalid_openapi", "The document is not an OpenAPI 3 document (no `openapi` version field)", false);
  }
  const external = externalRef(document);
  if (external) throw new CallError("invalid_openapi", `External references are not followed: ${external.slice(0, 200)}`, false);
  let api: { paths?: Record<string, Record<string, unknown>> };
  try {
    api = (await SwaggerParser.validate(structuredClone(document) as never, { resolve: { external: false, http: false, file: false } } as never)) as unknown as typeof api;
  } catch (err) {
    throw new CallError("invalid_openapi", `The OpenAPI document is not valid: ${(err as Error).message.slice(0, 300)}`, false);
  }
  const tools: OpenApiTool[] = [];
  const taken = new Set<string>();
  for (const [path, item] of Object.entries(api.paths ?? {})) {
    const shared = item.parameters as RawParameter[] | undefined;
    for (const method of METHODS) {
      const op = item[method] as RawOperation | undefined;
      if (!op) continue;
      if (tools.length >= MAX_TOOLS) throw new CallError("invalid_openapi", `The document has more than ${MAX_TOOLS} operations`, false);
      const params = parametersOf(shared, op.parameters);
      const properties: Record<string, unknown> = {};
      for (const p of params) properties[p.name] = p.description ? { ...(p.schema as object), description: p.description } : p.schema;
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const bodyArgument = bodySchema === undefined ? null : properties.body === undefined ? "body" : "requestBody";
      if (bodyArgument) properties[bodyArgument] = bodySchema;
      const required = [...params.filter((p) => p.required).map((p) => p.name), ...(bodyArgument && op.requestBody?.required === true ? [bodyArgument] : [])];
      const name = toolName(op, method, path, taken);
      if (!TOOL_NAME.test(name)) continue;
      tools.push({
        name,
        description: [op.summary, op.description].filter((s): s is string => typeof s === "string" && s.length > 0).join("\n\n").slice(0, 4000) || null,
        inputSchema: { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false },
        annotations: { readOnlyHint: method === "get", destructiveHint: method === "delete", idempotentHint: method === "get" || method === "put" || method === "delete", openWorldHint: true },
        method: method.toUpperCase() as Uppercase<Method>,
        path,
        parameters: params.map(({ name: n, in: where, required: r }) => ({ name: n, in: where, required: r })),
        bodyArgument,
      });
    }
  }
  return tools;
}

function scalar(value: unknown, name: string): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  throw new CallError("invalid_arguments", `${name} must be a string, number or boolean`, false);
}

/** The request a call of `tool` with `args` makes: path (with its query) on the connection's base URL, headers, JSON body. */
export function requestFor(tool: OpenApiTool, args: Record<string, unknown>): { path: string; headers: Record<string, string>; body?: { json: unknown } } {
  for (const p of tool.parameters) if (p.required && args[p.name] === undefined) throw new CallError("invalid_arguments", `${p.name} is required`, false);
  let path = tool.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of tool.parameters) {
    const value = args[p.name];
    if (value === undefined) continue;
    if (p.in === "path") path = path.split(`{${p.name}}`).join(encodeURIComponent(scalar(value, p.name)));
    else if (p.in === "query") for (const v of Array.isArray(value) ? value : [value]) query.append(p.name, scalar(v, p.name));
    else headers[p.name] = scalar(value, p.name);
  }
  const qs = query.toString();
  const body = tool.bodyArgument && args[tool.bodyArgument] !== undefined ? { json: args[tool.bodyArgument] } : undefined;
  return { path: qs ? `${path}?${qs}` : path, headers, ...(body ? { body } : {}) };
}

export type OpenApiToolAnswer = { isError: boolean; content: Record<string, unknown>[]; structuredContent: Record<string, unknown> };

/** Calls one operation on the bound connection; a 4xx/5xx answer is a tool error result, not an exception. */
export async function callOpenApiTool(call: { scope: CallScope; connectionId: string; tool: OpenApiTool; arguments: Record<string, unknown>; signal: AbortSignal }): Promise<OpenApiToolAnswer> {
  const request = requestFor(call.tool, call.arguments);
  const url = await connectionUrl(call.scope, call.connectionId, request.path);
  const answer = await callConnection({ scope: call.scope, connectionId: call.connectionId, url, method: call.tool.method, headers: request.headers, ...(request.body ? { body: request.body } : {}), signal: call.signal });
  const structuredContent = { status: answer.status, body: answer.body, ...(answer.truncated ? { truncated: true } : {}) };
  const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
  return { isError: answer.status >= 400, content: [{ type: "text", text: text.slice(0, 100_000) }], structuredContent };
}
