import { describe, expect, it } from "vitest";
import { stepReads } from "@/lib/runs/step-reads";
import { workflowGraph, type WorkflowNode } from "@/lib/schemas/workflow-graph";

// Parsed through the graph schema so defaults are filled in as in a stored graph.
const node = (n: object): WorkflowNode => workflowGraph.shape.nodes.element.parse({ position: { x: 0, y: 0 }, ...n });
const outputs = new Map<string, unknown>([
  ["classify", { label: "refund", score: 0.9 }],
  ["fetch", { status: 200 }],
]);

describe("stepReads: the values a step's expressions read", () => {
  it("a transform reads the run input and the named earlier steps, nothing else", () => {
    const n = node({ id: "t", type: "transform", config: { expression: '{ "who": input.customer.name, "label": steps.classify.output.label }' } });
    expect(stepReads(n, { customer: { name: "Ada" } }, outputs)).toEqual({ input: { customer: { name: "Ada" } }, steps: { classify: { output: { label: "refund", score: 0.9 } } } });
  });
  it("templates are read too (an llm prompt, an approval message)", () => {
    const n = node({ id: "gate", type: "approval", config: { message: "Refund {{ steps.fetch.output.status }}?" } });
    expect(stepReads(n, { a: 1 }, outputs)).toEqual({ steps: { fetch: { output: { status: 200 } } } });
  });
  it("a step named but not finished before is left out; no expression → null; a bad expression → null", () => {
    const t = node({ id: "t", type: "transform", config: { expression: "steps.later.output" } });
    expect(stepReads(t, {}, outputs)).toEqual({});
    expect(stepReads(node({ id: "o", type: "output", config: {} }), {}, outputs)).toBeNull();
    expect(stepReads(undefined, {}, outputs)).toBeNull();
    const bad = { id: "b", type: "transform", position: { x: 0, y: 0 }, config: { expression: "{ unclosed" } } as never;
    expect(stepReads(bad, {}, outputs)).toBeNull();
  });
});
