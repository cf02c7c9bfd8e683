import { describe, expect, it } from "vitest";
import { layoutIfNeeded, needsLayout, tidy } from "@/components/console/workflows/editor/auto-layout";
import { appendAfter, copySelection, insertOnEdge, NODE_H, NODE_W, pasteClipboard, type CanvasState } from "@/components/console/workflows/editor/graph-edits";
import { fromGraph, toGraph } from "@/components/console/workflows/editor/graph-model";
import { draftGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { STARTER_TEMPLATES } from "@/lib/workflows/starter-templates";

// The canvas edits behind "+" connectors, copy/paste and "Tidy up" (issue 17 §2), on the
// editor's own state: each must leave a graph the API stores as a draft.

const node = (id: string, type: string, x = 0, y = 0, config: Record<string, unknown> = {}) => ({ id, type, name: id, position: { x, y }, config });

function state(nodes: ReturnType<typeof node>[], edges: Array<[string, string, string?]>): CanvasState {
  const graph = {
    formatVersion: 1,
    nodes,
    edges: edges.map(([source, target, branch], i) => ({ id: `e${i}`, source, target, ...(branch ? { branch } : {}) })),
  } as WorkflowGraph;
  return fromGraph(graph);
}

const ids = (s: CanvasState) => s.nodes.map((n) => n.id);
const links = (s: CanvasState) => s.edges.map((e) => `${e.source}>${e.target}${e.data?.branch ? `:${e.data.branch}` : ""}`).sort();
const at = (s: CanvasState, id: string) => s.nodes.find((n) => n.id === id)?.position ?? { x: NaN, y: NaN };
const storable = (s: CanvasState) => expect(draftGraph.safeParse(toGraph(s.nodes, s.edges)).success).toBe(true);

/** Whether the segment between two step centres passes through the box of a third step. */
function crossesAStep(s: CanvasState): string[] {
  const box = (id: string) => ({ ...at(s, id), w: NODE_W, h: NODE_H });
  const hits: string[] = [];
  for (const e of s.edges) {
    const a = box(e.source);
    const b = box(e.target);
    const from = { x: a.x + a.w, y: a.y + a.h / 2 };
    const to = { x: b.x, y: b.y + b.h / 2 };
    for (const n of s.nodes) {
      if (n.id === e.source || n.id === e.target) continue;
      const c = box(n.id);
      for (let t = 0; t <= 1; t += 0.02) {
        const x = from.x + (to.x - from.x) * t;
        const y = from.y + (to.y - from.y) * t;
        if (x > c.x && x < c.x + c.w && y > c.y && y < c.y + c.h) {
          hits.push(`${e.source}>${e.target} over ${n.id}`);
          break;
        }
      }
    }
  }
  return hits;
}

describe("appendAfter (the + on an output handle)", () => {
  it("adds a selected step to the right, connected from the handle's step", () => {
    const s = state([node("trigger", "trigger", 0, 0, { inputSchema: {} })], []);
    const { state: next, id } = appendAfter(s, "trigger", "llm");
    expect(id).toBe("llm");
    expect(links(next)).toEqual(["trigger>llm"]);
    expect(at(next, "llm").x).toBeGreaterThan(at(next, "trigger").x + NODE_W);
    expect(at(next, "llm").y).toBe(0);
    expect(next.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["llm"]);
    storable(next);
  });

  it("gives a condition's connections true, then false, then default, each on its own row", () => {
    let s = state([node("condition", "condition", 0, 0, { expression: "input.ok" })], []);
    for (const type of ["llm", "transform", "output"] as const) s = appendAfter(s, "condition", type).state;
    expect(links(s)).toEqual(["condition>llm:true", "condition>output:default", "condition>transform:false"]);
    const ys = ["llm", "transform", "output"].map((id) => at(s, id).y);
    expect(new Set(ys).size).toBe(3);
  });

  it("throws for a step that does not exist", () => {
    expect(() => appendAfter(state([], []), "nope", "llm")).toThrow(/nope/);
  });
});

describe("insertOnEdge (the + on a connection)", () => {
  it("rewires source → new → target, keeps the branch on the first half and moves what follows right", () => {
    const s = state(
      [node("condition", "condition", 0, 0), node("llm", "llm", 320, 0), node("output", "output", 640, 0), node("other", "output", 320, 200)],
      [["condition", "llm", "true"], ["llm", "output"], ["condition", "other", "false"]],
    );
    const { state: next, id } = insertOnEdge(s, "e0", "transform");
    expect(id).toBe("transform");
    expect(links(next)).toEqual(["condition>other:false", "condition>transform:true", "llm>output", "transform>llm"]);
    expect(at(next, "transform")).toEqual({ x: 320, y: 0 });
    expect(at(next, "llm").x).toBeGreaterThan(320 + NODE_W);
    expect(at(next, "output").x).toBeGreaterThan(640 + NODE_W);
    expect(at(next, "other")).toEqual({ x: 320, y: 200 });
    expect(new Set(next.edges.map((e) => e.id)).size).toBe(next.edges.length);
    storable(next);
  });

  it("a condition inserted on a connection sends what followed down its true branch", () => {
    const s = state([node("trigger", "trigger", 0, 0), node("output", "output", 320, 0)], [["trigger", "output"]]);
    const { state: next } = insertOnEdge(s, "e0", "condition");
    expect(links(next)).toEqual(["condition>output:true", "trigger>condition"]);
    expect(appendAfter(next, "condition", "output").state.edges.at(-1)?.data?.branch).toBe("false");
  });
});

describe("copy and paste", () => {
  it("pastes copies with fresh ids, offset, selected, with the connections between them only", () => {
    const s = state(
      [node("trigger", "trigger", 0, 0, { inputSchema: {} }), node("llm", "llm", 300, 0, { prompt: "hi" }), node("transform", "transform", 600, 0, { expression: "1" })],
      [["trigger", "llm"], ["llm", "transform"]],
    );
    const selected = { ...s, nodes: s.nodes.map((n) => ({ ...n, selected: n.id !== "trigger" })) };
    const clip = copySelection(selected);
    expect(clip?.nodes.map((n) => n.id)).toEqual(["llm", "transform"]);
    expect(clip?.edges).toHaveLength(1);
    const { state: next, ids: pasted } = pasteClipboard(selected, clip!, 40);
    expect(pasted).toEqual(["llm_2", "transform_2"]);
    expect(at(next, "llm_2")).toEqual({ x: 340, y: 40 });
    expect(next.nodes.find((n) => n.id === "llm_2")?.data.node).toMatchObject({ id: "llm_2", type: "llm", config: { prompt: "hi" } });
    expect(links(next)).toEqual(["llm>transform", "llm_2>transform_2", "trigger>llm"]);
    expect(next.nodes.filter((n) => n.selected).map((n) => n.id)).toEqual(["llm_2", "transform_2"]);
    storable(next);

    // Pasting twice gives new ids again; editing a copy leaves the original alone.
    const again = pasteClipboard(next, clip!, 80);
    expect(again.ids).toEqual(["llm_3", "transform_3"]);
    (again.state.nodes.find((n) => n.id === "llm_3")!.data.node.config as { prompt: string }).prompt = "changed";
    expect((again.state.nodes.find((n) => n.id === "llm")!.data.node.config as { prompt: string }).prompt).toBe("hi");
  });

  it("copies nothing without a selection, and never pastes a second trigger", () => {
    const s = state([node("trigger", "trigger", 0, 0, { inputSchema: {} }), node("llm", "llm", 300, 0)], [["trigger", "llm"]]);
    expect(copySelection(s)).toBeNull();
    const all = { ...s, nodes: s.nodes.map((n) => ({ ...n, selected: true })) };
    const { state: next, ids: pasted } = pasteClipboard(all, copySelection(all)!);
    expect(pasted).toEqual(["llm_2"]);
    expect(next.nodes.filter((n) => n.data.node.type === "trigger")).toHaveLength(1);
    expect(next.edges).toHaveLength(1);
  });
});

describe("tidy (auto-layout)", () => {
  const branching = () =>
    state(
      ["trigger", "llm", "condition", "approval", "http", "fallback", "output"].map((id) =>
        node(id, id === "fallback" ? "transform" : id === "approval" ? "approval" : id, 0, 0),
      ),
      [
        ["trigger", "llm"],
        ["llm", "condition"],
        ["condition", "fallback", "false"],
        ["condition", "approval", "true"],
        ["approval", "http"],
        ["http", "output"],
        ["fallback", "output"],
      ],
    );

  it("places steps left to right by rank, with no two on top of each other", () => {
    const s = tidy(branching());
    const x = (id: string) => at(s, id).x;
    expect(x("trigger")).toBeLessThan(x("llm"));
    expect(x("llm")).toBeLessThan(x("condition"));
    expect(x("condition")).toBeLessThan(x("approval"));
    expect(x("approval")).toBeLessThan(x("http"));
    expect(x("http")).toBeLessThan(x("output"));
    for (const a of s.nodes)
      for (const b of s.nodes)
        if (a.id < b.id) expect(Math.abs(a.position.x - b.position.x) >= NODE_W || Math.abs(a.position.y - b.position.y) >= NODE_H, `${a.id} overlaps ${b.id}`).toBe(true);
    expect(crossesAStep(s)).toEqual([]);
    expect(needsLayout(s)).toBe(false);
  });

  it("stacks a condition's branches in order, true above false, whatever order the edges were drawn in", () => {
    const s = tidy(branching());
    expect(at(s, "approval").y).toBeLessThan(at(s, "fallback").y);
    const swapped = branching();
    swapped.edges = swapped.edges.map((e) => (e.data?.branch ? { ...e, data: { branch: e.data.branch === "true" ? "false" : "true" } } : e));
    const t = tidy(swapped);
    expect(at(t, "fallback").y).toBeLessThan(at(t, "approval").y);
  });

  it("leaves the edges and the step configs as they were", () => {
    const before = branching();
    const after = tidy(before);
    expect(after.edges).toBe(before.edges);
    expect(after.nodes.map((n) => n.data)).toEqual(before.nodes.map((n) => n.data));
    storable(after);
  });

  it("needsLayout: a graph whose steps share a spot (no positions), not a laid-out one or a single step", () => {
    expect(needsLayout(branching())).toBe(true);
    expect(needsLayout(state([node("trigger", "trigger")], []))).toBe(false);
    expect(needsLayout(state([node("a", "llm", 0, 0), node("b", "llm", 300, 0)], []))).toBe(false);
  });

  it("needsLayout: a graph drawn top to bottom (the old editor's way) is laid out left to right, a left-to-right one is kept", () => {
    const topDown = state(
      [node("trigger", "trigger", 200, 0), node("route", "condition", 200, 120), node("yes", "output", 0, 240), node("no", "output", 400, 240)],
      [["trigger", "route"], ["route", "yes", "true"], ["route", "no", "false"]],
    );
    expect(needsLayout(topDown)).toBe(true);
    expect(needsLayout(state([node("trigger", "trigger", 0, 0), node("output", "output", 0, 160)], [["trigger", "output"]]))).toBe(true);
    const deeper = state(
      [node("trigger", "trigger", 0, 0), node("llm", "llm", 0, 120), node("route", "condition", 0, 240), node("yes", "output", -200, 360), node("no", "output", 200, 360)],
      [["trigger", "llm"], ["llm", "route"], ["route", "yes", "true"], ["route", "no", "false"]],
    );
    expect(needsLayout(deeper)).toBe(true);
    const laid = layoutIfNeeded(deeper);
    expect(needsLayout(laid)).toBe(false);
    expect(at(laid, "llm").x).toBeGreaterThan(at(laid, "trigger").x);
    expect(at(laid, "yes").y).toBeLessThan(at(laid, "no").y);
    const kept = tidy(branching());
    expect(layoutIfNeeded(kept)).toBe(kept);
  });
});

it("ids are what the editor's node ids are", () => {
  expect(ids(state([node("trigger", "trigger")], []))).toEqual(["trigger"]);
});

it("every starter template opens drawn left to right as it is stored: no re-layout, no overlapping steps, each connection leads right", () => {
  for (const t of STARTER_TEMPLATES) {
    const s = fromGraph(t.graph as WorkflowGraph);
    expect(needsLayout(s), t.id).toBe(false);
    const at = new Map(s.nodes.map((n) => [n.id, n.position]));
    for (const e of s.edges) expect(at.get(e.target)!.x - at.get(e.source)!.x, `${t.id}: ${e.source} → ${e.target}`).toBeGreaterThanOrEqual(NODE_W);
    for (const a of s.nodes)
      for (const b of s.nodes)
        if (a.id < b.id) expect(Math.abs(a.position.x - b.position.x) >= NODE_W || Math.abs(a.position.y - b.position.y) >= NODE_H, `${t.id}: ${a.id} overlaps ${b.id}`).toBe(true);
  }
});
