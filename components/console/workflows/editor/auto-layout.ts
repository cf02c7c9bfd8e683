import dagre from "@dagrejs/dagre";
import { branchRank, GAP_X, NODE_H, NODE_W, type CanvasState } from "./graph-edits";

// "Tidy up" and layout on import: dagre places the steps left to right in ranks, a condition's
// branches in order (true above false above default), so edges run forward between the ranks
// rather than across a step.

const RANK_SEP = GAP_X;
const NODE_SEP = 48;

const size = (n: CanvasState["nodes"][number]) => ({ width: n.measured?.width ?? NODE_W, height: n.measured?.height ?? NODE_H });

type Centre = { x: number; y: number };

function place(s: CanvasState, edges: CanvasState["edges"], plainOrder: boolean): Map<string, Centre> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", ranksep: RANK_SEP, nodesep: NODE_SEP, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of s.nodes) g.setNode(n.id, size(n));
  for (const e of edges) g.setEdge(e.source, e.target, {}, e.id);
  // Without the crossing heuristic dagre keeps the order it first finds: edges in branch order.
  dagre.layout(g, { disableOptimalOrderHeuristic: plainOrder });
  return new Map(s.nodes.map((n) => [n.id, g.node(n.id) as Centre]));
}

/** Whether every condition's targets are stacked in branch order (true above false above default). */
function branchesInOrder(edges: CanvasState["edges"], centre: Map<string, Centre>): boolean {
  return edges.every((a) =>
    edges.every((b) => {
      if (a.source !== b.source || a.target === b.target || !a.data?.branch || !b.data?.branch) return true;
      const [ca, cb] = [centre.get(a.target), centre.get(b.target)];
      if (!ca || !cb) return true;
      return branchRank(a.data.branch) >= branchRank(b.data.branch) || ca.y < cb.y;
    }),
  );
}

export function tidy(s: CanvasState): CanvasState {
  if (s.nodes.length === 0) return s;
  const known = new Set(s.nodes.map((n) => n.id));
  const edges = s.edges
    .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
    .sort((a, b) => branchRank(a.data?.branch) - branchRank(b.data?.branch));
  // The fewest crossings first; when that puts a condition's "false" above its "true", the
  // order the branches were drawn in (true above false above default) wins.
  let centre = place(s, edges, false);
  if (!branchesInOrder(edges, centre)) centre = place(s, edges, true);

  const nodes = s.nodes.map((n) => {
    const c = centre.get(n.id);
    if (!c) return n;
    const { width, height } = size(n);
    return { ...n, position: { x: Math.round(c.x - width / 2), y: Math.round(c.y - height / 2) } };
  });
  return { nodes, edges: s.edges };
}

/**
 * Whether a graph is laid out afresh when it is opened: two or more steps, some on the same spot
 * (imported without positions), or drawn top to bottom (by the editor before it ran left to
 * right: most connections lead to a step below rather than to one further right).
 */
export function needsLayout(s: CanvasState): boolean {
  if (s.nodes.length < 2) return false;
  const spots = new Set(s.nodes.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`));
  if (spots.size < s.nodes.length) return true;
  const at = new Map(s.nodes.map((n) => [n.id, n.position]));
  let down = 0;
  let across = 0;
  for (const e of s.edges) {
    const [a, b] = [at.get(e.source), at.get(e.target)];
    if (!a || !b) continue;
    // Top to bottom, branches sit side by side less than a step's width apart; left to right,
    // the next step is at least a step's width further right.
    if (b.y > a.y && Math.abs(b.x - a.x) < NODE_W) down++;
    else across++;
  }
  return down > across;
}

/** The graph as it is first shown: laid out when it has no usable positions (see needsLayout). */
export const layoutIfNeeded = (s: CanvasState): CanvasState => (needsLayout(s) ? tidy(s) : s);
