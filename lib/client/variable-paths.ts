import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { triggerOf, upstreamOf } from "@/lib/workflows/graph";

// What an expression in one step can read, for the editor's variable picker: `input.*` from the
// trigger's JSON Schema and `steps.<id>.output.*` of the steps that can run before it, from
// their declared output schema (LLM steps) and from the values of the last test run.

export type VariablePath = {
  path: string;
  /** JSON Schema type or the JS type of the last run's value. */
  type: string;
  /** A short rendering of the last run's value at this path, when there is one. */
  sample?: string;
  description?: string;
};

type Schema = { type?: unknown; properties?: Record<string, Schema>; description?: unknown; items?: Schema };

const MAX_DEPTH = 3;
const MAX_PATHS = 200;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `a.b` for plain names, `a.`b c`` (JSONata's backquoted name) for anything else. */
export function joinPath(base: string, key: string): string {
  return `${base}.${IDENTIFIER.test(key) ? key : `\`${key.replace(/`/g, "")}\``}`;
}

function typeOfValue(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

function short(v: unknown): string {
  const text = JSON.stringify(v) ?? "null";
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function fromSchema(base: string, schema: Schema | undefined, out: Map<string, VariablePath>, depth = 0): void {
  if (!schema || depth > MAX_DEPTH) return;
  for (const [key, sub] of Object.entries(schema.properties ?? {})) {
    const path = joinPath(base, key);
    const type = Array.isArray(sub?.type) ? sub.type.join(" | ") : typeof sub?.type === "string" ? sub.type : "any";
    out.set(path, { path, type, ...(typeof sub?.description === "string" ? { description: sub.description } : {}) });
    fromSchema(path, sub, out, depth + 1);
  }
}

function fromValue(base: string, value: unknown, out: Map<string, VariablePath>, depth = 0): void {
  if (!value || typeof value !== "object" || Array.isArray(value) || depth > MAX_DEPTH) return;
  for (const [key, v] of Object.entries(value)) {
    if (out.size >= MAX_PATHS) return;
    const path = joinPath(base, key);
    out.set(path, { ...out.get(path), path, type: typeOfValue(v), sample: short(v) });
    fromValue(path, v, out, depth + 1);
  }
}

export type LastRunData = { input: unknown; outputs: Record<string, unknown> };

/** The paths a step's expressions can read, `input.*` first, then upstream steps in graph order. */
export function variablePaths(graph: WorkflowGraph, nodeId: string, lastRun?: LastRunData | null): VariablePath[] {
  const out = new Map<string, VariablePath>();
  out.set("input", { path: "input", type: "object" });
  fromSchema("input", triggerOf(graph)?.config.inputSchema as Schema | undefined, out);
  if (lastRun) fromValue("input", lastRun.input, out);
  const upstream = upstreamOf(graph, nodeId);
  for (const node of graph.nodes) {
    if (!upstream.has(node.id) || node.type === "trigger") continue;
    const base = `steps.${node.id}.output`;
    const ran = lastRun && node.id in lastRun.outputs;
    out.set(base, { path: base, type: ran ? typeOfValue(lastRun.outputs[node.id]) : "any", ...(ran ? { sample: short(lastRun.outputs[node.id]) } : {}), description: node.name || node.type });
    if (node.type === "llm") fromSchema(base, node.config.outputSchema as Schema | undefined, out);
    if (ran) fromValue(base, lastRun.outputs[node.id], out);
  }
  return [...out.values()].slice(0, MAX_PATHS);
}
