import type { NodeOf, WorkflowEdge, WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";

// Pure helpers over a parsed graph, shared by validation, the run engine and the editor.
// None of them assume the graph is valid except where stated (topologicalOrder throws on a cycle).

export class GraphCycleError extends Error {
  constructor(readonly nodeIds: string[]) {
    super(`The graph has a cycle through: ${nodeIds.join(", ")}`);
    this.name = "GraphCycleError";
  }
}

/** The first trigger node, or undefined when the graph has none. */
export function triggerOf(graph: WorkflowGraph): NodeOf<"trigger"> | undefined {
  return graph.nodes.find((n): n is NodeOf<"trigger"> => n.type === "trigger");
}

export function nodeById(graph: WorkflowGraph, id: string): WorkflowNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** Edges leaving `id`, in edge-array order. */
export function outgoing(graph: WorkflowGraph, id: string): WorkflowEdge[] {
  return graph.edges.filter((e) => e.source === id);
}

/** Edges entering `id`, in edge-array order. */
export function incoming(graph: WorkflowGraph, id: string): WorkflowEdge[] {
  return graph.edges.filter((e) => e.target === id);
}

/**
 * Node ids in dependency order (Kahn's algorithm). Stable: among nodes that are ready at the
 * same time, the one earlier in `graph.nodes` comes first. Edges to unknown nodes are ignored.
 * Throws GraphCycleError when some nodes can never become ready.
 */
export function topologicalOrder(graph: WorkflowGraph): string[] {
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const indegree = new Map(graph.nodes.map((n) => [n.id, 0]));
  const targets = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!index.has(e.source) || !index.has(e.target)) continue;
    indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
    targets.set(e.source, [...(targets.get(e.source) ?? []), e.target]);
  }
  // Node counts are small (≤ 200), so a sorted array as the ready queue is plenty.
  const ready = graph.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of targets.get(id) ?? []) {
      const left = indegree.get(t)! - 1;
      indegree.set(t, left);
      if (left === 0) {
        ready.push(t);
        ready.sort((a, b) => index.get(a)! - index.get(b)!);
      }
    }
  }
  if (order.length < index.size) {
    const done = new Set(order);
    throw new GraphCycleError(graph.nodes.filter((n) => !done.has(n.id)).map((n) => n.id));
  }
  return order;
}

function adjacency(graph: WorkflowGraph, direction: "up" | "down"): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const [from, to] = direction === "down" ? [e.source, e.target] : [e.target, e.source];
    const list = out.get(from);
    if (list) list.push(to);
    else out.set(from, [to]);
  }
  return out;
}

function reach(next: Map<string, string[]>, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/** Every ancestor of `id` (nodes with a path to it), excluding `id` unless it lies on a cycle. */
export function upstreamOf(graph: WorkflowGraph, id: string): Set<string> {
  return reach(adjacency(graph, "up"), id);
}

/** Every node reachable from `id` following edges, excluding `id` unless it lies on a cycle. */
export function downstreamOf(graph: WorkflowGraph, id: string): Set<string> {
  return reach(adjacency(graph, "down"), id);
}

/** Ancestors of every node at once (one adjacency build), for checks that ask for many nodes. */
export function upstreamIndex(graph: WorkflowGraph): (id: string) => Set<string> {
  const up = adjacency(graph, "up");
  const memo = new Map<string, Set<string>>();
  return (id) => {
    let hit = memo.get(id);
    if (!hit) memo.set(id, (hit = reach(up, id)));
    return hit;
  };
}

/** Ids of the nodes that lie on a cycle (including self-loops), in node order. */
export function cyclicNodes(graph: WorkflowGraph): string[] {
  const down = adjacency(graph, "down");
  return graph.nodes.filter((n) => reach(down, n.id).has(n.id)).map((n) => n.id);
}
