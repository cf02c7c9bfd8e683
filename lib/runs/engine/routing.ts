import type { WorkflowEdge, WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { incoming, outgoing } from "@/lib/workflows/graph";

// Which nodes run. An edge is active when its source succeeded and, for a condition, when it
// is the branch the condition chose. A node runs when at least one incoming edge is active;
// otherwise it is `skipped` (so everything only reachable through untaken branches is too).

export type NodeOutcome = { status: "succeeded" | "skipped"; output: unknown };

/** The branch a condition's result selects: the edge named after it, else "default", else none. */
export function chooseBranch(graph: WorkflowGraph, nodeId: string, result: unknown): string | null {
  const key = typeof result === "string" ? result : typeof result === "boolean" || typeof result === "number" ? String(result) : JSON.stringify(result);
  const branches = new Set(outgoing(graph, nodeId).map((e) => e.branch));
  if (branches.has(key)) return key;
  return branches.has("default") ? "default" : null;
}

function edgeActive(graph: WorkflowGraph, edge: WorkflowEdge, outcomes: Map<string, NodeOutcome>): boolean {
  const source = outcomes.get(edge.source);
  if (!source || source.status !== "succeeded") return false;
  const node = graph.nodes.find((n) => n.id === edge.source);
  if (node?.type !== "condition") return true;
  const chosen = (source.output as { branch?: unknown } | null)?.branch;
  return typeof chosen === "string" && edge.branch === chosen;
}

/** Whether `nodeId` runs, given the outcomes of every node before it in topological order. */
export function isActive(graph: WorkflowGraph, nodeId: string, outcomes: Map<string, NodeOutcome>): boolean {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (node?.type === "trigger") return true;
  return incoming(graph, nodeId).some((e) => edgeActive(graph, e, outcomes));
}

/** The output of the node feeding `nodeId` through its first active edge (an output node's default). */
export function previousOutput(graph: WorkflowGraph, nodeId: string, outcomes: Map<string, NodeOutcome>): unknown {
  const edge = incoming(graph, nodeId).find((e) => edgeActive(graph, e, outcomes));
  return edge ? (outcomes.get(edge.source)?.output ?? null) : null;
}
