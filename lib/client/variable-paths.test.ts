import { describe, expect, it } from "vitest";
import { workflowGraph } from "@/lib/schemas/workflow-graph";
import { joinPath, variablePaths } from "./variable-paths";

const graph = workflowGraph.parse({
  nodes: [
    { id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { name: { type: "string", description: "Who" }, order: { type: "object", properties: { total: { type: "number" } } } } } } },
    { id: "fetch", type: "transform", config: { expression: "{ 'x': 1 }" } },
    { id: "ask", type: "llm", config: { prompt: "hi", outputSchema: { type: "object", properties: { label: { type: "string" } } } } },
    { id: "later", type: "transform", config: { expression: "1" } },
    { id: "side", type: "transform", config: { expression: "1" } },
    { id: "output", type: "output", config: {} },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "fetch" },
    { id: "e2", source: "fetch", target: "ask" },
    { id: "e3", source: "ask", target: "later" },
    { id: "e4", source: "trigger", target: "side" },
    { id: "e5", source: "later", target: "output" },
    { id: "e6", source: "side", target: "output" },
  ],
});

describe("variablePaths", () => {
  it("lists input.* from the trigger schema and only the steps that can precede the node", () => {
    const paths = variablePaths(graph, "later").map((p) => p.path);
    expect(paths).toEqual(["input", "input.name", "input.order", "input.order.total", "steps.fetch.output", "steps.ask.output", "steps.ask.output.label"]);
    expect(variablePaths(graph, "later").find((p) => p.path === "input.name")).toMatchObject({ type: "string", description: "Who" });
    expect(variablePaths(graph, "fetch").map((p) => p.path)).not.toContain("steps.side.output");
  });

  it("adds the last test run's real outputs with samples", () => {
    const paths = variablePaths(graph, "later", { input: { name: "Ada", extra: true }, outputs: { fetch: { x: 42, "odd key": "v" }, side: { no: 1 } } });
    expect(paths.find((p) => p.path === "steps.fetch.output.x")).toMatchObject({ type: "number", sample: "42" });
    expect(paths.find((p) => p.path === "input.extra")).toMatchObject({ type: "boolean" });
    expect(paths.find((p) => p.path === "input.name")).toMatchObject({ type: "string", sample: '"Ada"', description: "Who" });
    expect(paths.map((p) => p.path)).toContain("steps.fetch.output.`odd key`");
    expect(paths.map((p) => p.path).some((p) => p.startsWith("steps.side"))).toBe(false);
  });

  it("quotes names JSONata cannot read bare", () => {
    expect(joinPath("input", "a-b")).toBe("input.`a-b`");
    expect(joinPath("input", "ok_1")).toBe("input.ok_1");
  });
});
