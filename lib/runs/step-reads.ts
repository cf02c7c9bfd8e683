import jsonata from "jsonata";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { nodeExpressions } from "@/lib/workflows/node-expressions";

// What a step's expressions read when it ran: the run's input and the outputs of the steps
// it names, taken from the steps that had finished before it (the engine's scope is exactly
// the run input plus every earlier succeeded step's output). A transform's row stores its
// expression; this is the data the expression was evaluated against.

export type StepReads = { input?: unknown; steps?: Record<string, { output: unknown }> };

/** `input` and `steps.<id>` roots an expression reads, from its parsed AST. */
function roots(expr: string): { input: boolean; steps: string[] } {
  const found = { input: false, steps: new Set<string>() };
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { type?: string; steps?: { type?: string; value?: unknown }[] };
    if (n.type === "path" && Array.isArray(n.steps) && n.steps[0]?.type === "name") {
      if (n.steps[0].value === "input") found.input = true;
      if (n.steps[0].value === "steps" && n.steps[1]?.type === "name") found.steps.add(String(n.steps[1].value));
    }
    if (n.type === "name" && (n as { value?: unknown }).value === "input") found.input = true;
    for (const v of Object.values(node)) walk(v);
  };
  walk(jsonata(expr).ast());
  return { input: found.input, steps: [...found.steps] };
}

/**
 * The values `node`'s expressions read, or null when it has no expression (or one that does
 * not parse: its step failed before reading anything).
 */
export function stepReads(node: WorkflowNode | undefined, runInput: unknown, earlierOutputs: Map<string, unknown>): StepReads | null {
  const exprs = node ? nodeExpressions(node) : [];
  if (exprs.length === 0) return null;
  let readsInput = false;
  const ids = new Set<string>();
  try {
    for (const e of exprs) {
      const r = roots(e.expression);
      readsInput ||= r.input;
      r.steps.forEach((id) => ids.add(id));
    }
  } catch {
    return null;
  }
  const reads: StepReads = {};
  if (readsInput) reads.input = runInput ?? null;
  const steps = [...ids].filter((id) => earlierOutputs.has(id));
  if (steps.length) reads.steps = Object.fromEntries(steps.map((id) => [id, { output: earlierOutputs.get(id) ?? null }]));
  return reads;
}
