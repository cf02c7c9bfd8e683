import type { Edge, Node } from "@xyflow/react";
import { workflowGraph, type GraphIssue, type NodeType, type WorkflowEdge, type WorkflowGraph, type WorkflowNode } from "@/lib/schemas/workflow-graph";

// The editor's model: React Flow nodes carry the workflow node in `data`, so the canvas state
// is the one source of truth and the graph sent to the API is derived from it.

export type FlowNode = Node<{ node: WorkflowNode }, "step">;
export type FlowEdge = Edge<{ branch?: string }>;

/** A problem to show on the canvas: the API's semantic issues, or the schema's field errors. */
export type Problem = { nodeId?: string; edgeId?: string; field?: string; message: string };

export const NODE_LABELS: Record<NodeType, string> = {
  trigger: "Trigger",
  llm: "LLM",
  http: "HTTP request",
  tool: "MCP tool",
  transform: "Transform",
  condition: "Condition",
  approval: "Approval",
  output: "Output",
};

// Required fields start empty on purpose: the node shows what is missing until it is filled.
const DEFAULT_CONFIG: { [T in NodeType]: Extract<WorkflowNode, { type: T }>["config"] } = {
  trigger: { inputSchema: { type: "object", properties: {} } },
  llm: { role: "default", prompt: "" },
  http: { connectionId: "", method: "GET", path: "/", headers: {} },
  tool: { instanceId: "", tool: "", approverRole: "project_admin", allowSelfApproval: false },
  transform: { expression: "" },
  condition: { expression: "" },
  approval: { message: "", approverRole: "project_admin", expiresInSeconds: 24 * 3600, allowSelfApproval: false },
  output: {},
};

/** The first free id for a node of `type`: "transform", then "transform_2", … */
export function nextNodeId(type: NodeType, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(type)) return type;
  for (let i = 2; ; i++) if (!used.has(`${type}_${i}`)) return `${type}_${i}`;
}

export function newWorkflowNode(type: NodeType, id: string, position: { x: number; y: number }): WorkflowNode {
  const config = structuredClone(DEFAULT_CONFIG[type]);
  return { id, type, name: NODE_LABELS[type], position, config } as WorkflowNode;
}

export function toFlowNode(node: WorkflowNode): FlowNode {
  return { id: node.id, type: "step", position: node.position, data: { node } };
}

function toFlowEdge(edge: WorkflowEdge): FlowEdge {
  return { id: edge.id, source: edge.source, target: edge.target, label: edge.branch, data: { branch: edge.branch } };
}

export function fromGraph(graph: WorkflowGraph): { nodes: FlowNode[]; edges: FlowEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

/** The graph as the API stores it (positions rounded: sub-pixel drags are not edits). */
export function toGraph(nodes: FlowNode[], edges: FlowEdge[]): WorkflowGraph {
  return {
    formatVersion: 1,
    nodes: nodes.map((n) => ({ ...n.data.node, position: { x: Math.round(n.position.x), y: Math.round(n.position.y) } })),
    edges: edges.map((e) => ({ id: e.id, source: e.source, target: e.target, ...(e.data?.branch ? { branch: e.data.branch } : {}) })),
  };
}

export function newEdgeId(source: string, target: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = `e_${source}_${target}`;
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

// zod's defaults read like a type checker; a form wants "Required".
function friendly(issue: { code: string; message: string; minimum?: unknown; origin?: unknown }): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "Required";
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return "Required";
  return issue.message;
}

/** Field errors of the graph schema, attached to the node or edge they belong to. */
export function schemaProblems(graph: WorkflowGraph): Problem[] {
  const parsed = workflowGraph.safeParse(graph);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const [list, index, part, field] = issue.path;
    if (list === "nodes" && typeof index === "number") {
      const id = graph.nodes[index]?.id;
      const name = part === "config" ? String(field ?? "config") : String(part ?? "");
      return { nodeId: id, field: name, message: friendly(issue) };
    }
    if (list === "edges" && typeof index === "number") return { edgeId: graph.edges[index]?.id, field: String(part ?? ""), message: friendly(issue) };
    return { message: issue.message };
  });
}

export function serverProblems(issues: GraphIssue[]): Problem[] {
  return issues.map((i) => ({ nodeId: i.nodeId, edgeId: i.edgeId, message: i.message }));
}

/** Problems grouped by node id (edge problems go to the edge's source node too, so they are seen). */
export function problemsByNode(problems: Problem[], edges: FlowEdge[]): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const add = (id: string, p: Problem) => out.set(id, [...(out.get(id) ?? []), p]);
  for (const p of problems) {
    if (p.nodeId) add(p.nodeId, p);
    else if (p.edgeId) {
      const edge = edges.find((e) => e.id === p.edgeId);
      if (edge) add(edge.source, p);
    }
  }
  return out;
}
