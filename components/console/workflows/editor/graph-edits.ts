import type { NodeType } from "@/lib/schemas/workflow-graph";
import { newEdgeId, newWorkflowNode, nextNodeId, toFlowNode, type FlowEdge, type FlowNode } from "./graph-model";

// Pure edits of the canvas state behind the "+" connectors and copy/paste: each takes the state
// and returns the next one, so the editor commits them as one step of undo history.

export type CanvasState = { nodes: FlowNode[]; edges: FlowEdge[] };

export const NODE_W = 224;
export const NODE_H = 64;
/**
 * Horizontal room between a step and the next one (the layout runs left to right): enough for
 * the "+" on the step's output and the "+" in the middle of the connection side by side.
 */
export const GAP_X = 140;
const GAP_Y = 40;

const BRANCHES = ["true", "false", "default"];

/** A condition's next outgoing branch: "true", then "false", then "default"; nothing once all three exist. */
export function nextBranch(edges: FlowEdge[], source: string): string | undefined {
  const used = new Set(edges.filter((e) => e.source === source).map((e) => e.data?.branch));
  return BRANCHES.find((b) => !used.has(b));
}

/** Order of a branch label for drawing: true, false, default, then any other label. */
export function branchRank(branch: string | undefined): number {
  const i = BRANCHES.indexOf(branch ?? "");
  return i === -1 ? BRANCHES.length : i;
}

const edgeTo = (edges: FlowEdge[], source: string, target: string, branch: string | undefined): FlowEdge => ({
  id: newEdgeId(source, target, edges.map((e) => e.id)),
  source,
  target,
  label: branch,
  data: { branch },
});

const overlaps = (nodes: FlowNode[], p: { x: number; y: number }) =>
  nodes.some((n) => Math.abs(n.position.x - p.x) < NODE_W && Math.abs(n.position.y - p.y) < NODE_H + GAP_Y / 2);

/** The first free spot at or below `p`. */
function freeSpot(nodes: FlowNode[], p: { x: number; y: number }) {
  let pos = p;
  while (overlaps(nodes, pos)) pos = { x: pos.x, y: pos.y + NODE_H + GAP_Y };
  return pos;
}

const deselected = (s: CanvasState): CanvasState => ({
  nodes: s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
  edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
});

function newNode(s: CanvasState, type: NodeType, position: { x: number; y: number }): FlowNode {
  const id = nextNodeId(type, s.nodes.map((n) => n.id));
  return { ...toFlowNode(newWorkflowNode(type, id, position)), selected: true };
}

/** A step of `type` to the right of `sourceId`, connected from it (a condition's next branch), and selected. */
export function appendAfter(s: CanvasState, sourceId: string, type: NodeType): { state: CanvasState; id: string } {
  const source = s.nodes.find((n) => n.id === sourceId);
  if (!source) throw new Error(`No step ${sourceId}`);
  const siblings = s.edges.filter((e) => e.source === sourceId).length;
  const at = freeSpot(s.nodes, { x: source.position.x + NODE_W + GAP_X, y: source.position.y + siblings * (NODE_H + GAP_Y) });
  const node = newNode(s, type, at);
  const base = deselected(s);
  const branch = source.data.node.type === "condition" ? nextBranch(s.edges, sourceId) : undefined;
  return { state: { nodes: [...base.nodes, node], edges: [...base.edges, edgeTo(s.edges, sourceId, node.id, branch)] }, id: node.id };
}

/** Every node reachable from `start` along the edges (including it). */
function downstream(edges: FlowEdge[], start: string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length) {
    const id = queue.shift() as string;
    for (const e of edges) {
      if (e.source !== id || seen.has(e.target)) continue;
      seen.add(e.target);
      queue.push(e.target);
    }
  }
  return seen;
}

/**
 * A step of `type` in the middle of an edge: source → new (keeping the edge's branch) → target
 * (a new condition's "true").
 * The new step takes the target's place and everything after it moves right to make room.
 */
export function insertOnEdge(s: CanvasState, edgeId: string, type: NodeType): { state: CanvasState; id: string } {
  const edge = s.edges.find((e) => e.id === edgeId);
  const target = edge && s.nodes.find((n) => n.id === edge.target);
  if (!edge || !target) throw new Error(`No connection ${edgeId}`);
  const moved = downstream(s.edges, target.id);
  const shift = NODE_W + GAP_X;
  const node = newNode(s, type, target.position);
  const base = deselected(s);
  const nodes = base.nodes.map((n) => (moved.has(n.id) ? { ...n, position: { x: n.position.x + shift, y: n.position.y } } : n));
  const kept = base.edges.filter((e) => e.id !== edgeId);
  const first = edgeTo(kept, edge.source, node.id, edge.data?.branch);
  // A condition put in the way sends what was there down its "true" branch.
  const second = edgeTo([...kept, first], node.id, target.id, type === "condition" ? "true" : undefined);
  return { state: { nodes: [...nodes, node], edges: [...kept, first, second] }, id: node.id };
}

/** What Ctrl/Cmd+C keeps: the selected steps and the connections between them. */
export type Clipboard = { nodes: FlowNode[]; edges: FlowEdge[] };

export function copySelection(s: CanvasState): Clipboard | null {
  const nodes = s.nodes.filter((n) => n.selected);
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((n) => n.id));
  return structuredClone({
    nodes: nodes.map(({ id, type, position, data }) => ({ id, type, position, data })),
    edges: s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map(({ id, source, target, label, data }) => ({ id, source, target, label, data })),
  });
}

export const PASTE_OFFSET = 40;

/**
 * The clipboard's steps added again with fresh ids (the next free id of each type), moved by
 * `offset`, with the connections between them; the copies are selected. A second trigger is
 * left out: a workflow has one.
 */
export function pasteClipboard(s: CanvasState, clip: Clipboard, offset = PASTE_OFFSET): { state: CanvasState; ids: string[] } {
  const hasTrigger = s.nodes.some((n) => n.data.node.type === "trigger");
  const taken = s.nodes.map((n) => n.id);
  const rename = new Map<string, string>();
  const copies: FlowNode[] = [];
  for (const n of clip.nodes) {
    if (n.data.node.type === "trigger" && (hasTrigger || copies.some((c) => c.data.node.type === "trigger"))) continue;
    const id = nextNodeId(n.data.node.type, [...taken, ...rename.values()]);
    rename.set(n.id, id);
    const position = { x: n.position.x + offset, y: n.position.y + offset };
    copies.push({ ...toFlowNode({ ...structuredClone(n.data.node), id, position }), selected: true });
  }
  const base = deselected(s);
  const edges = [...base.edges];
  for (const e of clip.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (source && target) edges.push(edgeTo(edges, source, target, e.data?.branch));
  }
  return { state: { nodes: [...base.nodes, ...copies], edges }, ids: copies.map((c) => c.id) };
}
