import { describe, expect, it } from "vitest";
import { workflowGraph } from "@/lib/schemas/workflow-graph";
import { helloGraph } from "@/lib/workflows/templates";
import { expectedRunCost } from "./expected-cost";

const BUDGET = 1_000_000n;
const graphOf = (nodes: unknown[]) => workflowGraph.parse({ nodes, edges: [] });
const trigger = { id: "t", type: "trigger", config: {} };
const llm = (config: Record<string, unknown>) => ({ id: "l", type: "llm", config: { prompt: "Say hi to {{ input.name }}", ...config } });

describe("expectedRunCost", () => {
  it("the hello workflow: three steps at the step price (100 each)", () => {
    expect(expectedRunCost(helloGraph(), { name: "Ada" }, BUDGET)).toBe(300n);
  });

  it("an http step adds its flat call price; a tool step its own", () => {
    const g = graphOf([trigger, { id: "h", type: "http", config: { connectionId: "con_x", path: "/" } }]);
    expect(expectedRunCost(g, {}, BUDGET)).toBe(100n + 100n + 500n);
  });

  it("an LLM step on the platform key: its model's price for the prompt template plus the input, and maxTokens out, with the margin", () => {
    const input = { name: "Ada" };
    const prompt = "Say hi to {{ input.name }}";
    const g = graphOf([trigger, llm({ model: { providerId: null, model: "gpt-4o-mini" }, maxTokens: 1000 })]);
    // gpt-4o-mini: $0.15 in / $0.60 out per MTok; chars/4 tokens in.
    const tokensIn = Math.ceil((prompt.length + JSON.stringify(input).length) / 4);
    const cost = BigInt(Math.ceil((tokensIn * 150_000 + 1000 * 600_000) / 1_000_000));
    const charge = cost + (cost * 2000n + 9999n) / 10000n;
    expect(expectedRunCost(g, input, BUDGET)).toBe(200n + charge);
  });

  it("a model on the workspace's own provider is not charged; a model chosen at run time is priced at the dearest in the catalog", () => {
    const own = graphOf([trigger, llm({ model: { providerId: "llm_own", model: "gpt-4o-mini" } })]);
    expect(expectedRunCost(own, {}, BUDGET)).toBe(200n);
    const byRole = graphOf([trigger, llm({})]);
    const named = graphOf([trigger, llm({ model: { providerId: null, model: "gpt-4o-mini" } })]);
    expect(expectedRunCost(byRole, {}, BUDGET)).toBeGreaterThan(expectedRunCost(named, {}, BUDGET));
  });

  it("never more than the run's budget", () => {
    expect(expectedRunCost(helloGraph(), { name: "Ada" }, 250n)).toBe(250n);
  });
});
