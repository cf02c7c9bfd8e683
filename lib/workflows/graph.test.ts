import { describe, expect, it } from "vitest";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { cyclicNodes, downstreamOf, GraphCycleError, incoming, nodeById, outgoing, topologicalOrder, triggerOf, upstreamIndex, upstreamOf } from "./graph";
import { defaultGraph, helloGraph } from "./templates";

const t = (id: string) => ({ id, type: "transform" as const, config: { expression: "1" } });
const edge = (source: string, target: string, branch?: string) => ({ id: `${source}_${target}`, source, target, ...(branch ? { branch } : {}) });
const graph = (nodes: object[], edges: object[]): WorkflowGraph => workflowGraph.parse({ nodes, edges });

// trigger → a → (b, c) → d → output ; nodes listed out of order on purpose.
const diamond = graph(
  [
    { id: "output", type: "output", config: {} },
    t("d"),
    t("c"),
    t("b"),
    t("a"),
    { id: "trigger", type: "trigger", config: {} },
  ],
  [edge("trigger", "a"), edge("a", "c"), edge("a", "b"), edge("b", "d"), edge("c", "d"), edge("d", "output")],
);

describe("graph helpers", () => {
  it("finds the trigger and nodes by id", () => {
    expect(triggerOf(diamond)?.id).toBe("trigger");
    expect(triggerOf(graph([t("x")], []))).toBeUndefined();
    expect(nodeById(diamond, "c")?.type).toBe("transform");
    expect(nodeById(diamond, "missing")).toBeUndefined();
  });

  it("lists outgoing and incoming edges in edge order", () => {
    expect(outgoing(diamond, "a").map((e) => e.target)).toEqual(["c", "b"]);
    expect(incoming(diamond, "d").map((e) => e.source)).toEqual(["b", "c"]);
    expect(outgoing(diamond, "output")).toEqual([]);
  });

  it("orders topologically, breaking ties by node array order", () => {
    // b and c become ready together; c comes first in the nodes array.
    expect(topologicalOrder(diamond)).toEqual(["trigger", "a", "c", "b", "d", "output"]);
  });

  it("is stable for independent roots", () => {
    const g = graph([t("z"), t("y"), t("x")], [edge("y", "x")]);
    expect(topologicalOrder(g)).toEqual(["z", "y", "x"]);
  });

  it("ignores edges to missing nodes when ordering", () => {
    const g = graph([t("a"), t("b")], [edge("a", "ghost"), edge("a", "b")]);
    expect(topologicalOrder(g)).toEqual(["a", "b"]);
  });

  it("throws on a cycle, naming the nodes that are stuck", () => {
    const g = graph([{ id: "trigger", type: "trigger", config: {} }, t("a"), t("b"), t("c")], [edge("trigger", "a"), edge("a", "b"), edge("b", "c"), edge("c", "a")]);
    expect(() => topologicalOrder(g)).toThrow(GraphCycleError);
    try {
      topologicalOrder(g);
    } catch (err) {
      expect((err as GraphCycleError).nodeIds).toEqual(["a", "b", "c"]);
    }
    const self = graph([t("a")], [edge("a", "a")]);
    expect(() => topologicalOrder(self)).toThrow(GraphCycleError);
  });

  it("computes ancestors and descendants", () => {
    expect([...upstreamOf(diamond, "d")].sort()).toEqual(["a", "b", "c", "trigger"]);
    expect([...upstreamOf(diamond, "b")].sort()).toEqual(["a", "trigger"]);
    expect(upstreamOf(diamond, "trigger").size).toBe(0);
    expect([...downstreamOf(diamond, "b")].sort()).toEqual(["d", "output"]);
    const loop = graph([t("a"), t("b")], [edge("a", "b"), edge("b", "a")]);
    expect([...upstreamOf(loop, "a")].sort()).toEqual(["a", "b"]);
  });

  it("ships templates that parse and order", () => {
    expect(topologicalOrder(defaultGraph())).toEqual(["trigger", "output"]);
    expect(topologicalOrder(helloGraph())).toEqual(["trigger", "greet", "output"]);
    expect(triggerOf(helloGraph())?.config.inputSchema).toMatchObject({ required: ["name"] });
  });
});

describe("cycle and ancestor indexes", () => {
  it("finds exactly the nodes on cycles, self-loops included", () => {
    const g = graph([t("a"), t("b"), t("c"), t("d"), t("e")], [edge("a", "b"), edge("b", "c"), edge("c", "b"), edge("c", "d"), edge("e", "e")]);
    expect(cyclicNodes(g)).toEqual(["b", "c", "e"]);
    expect(cyclicNodes(diamond)).toEqual([]);
  });

  it("answers ancestors like upstreamOf, for every node", () => {
    const up = upstreamIndex(diamond);
    for (const n of diamond.nodes) expect(up(n.id)).toEqual(upstreamOf(diamond, n.id));
  });
});
