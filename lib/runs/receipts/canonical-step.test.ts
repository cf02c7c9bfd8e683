import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalParts, genesisHash, stepHash, type ReceiptStep } from "./canonical-step";

const step: ReceiptStep = {
  seq: 7,
  nodeId: "call",
  nodeType: "llm",
  status: "succeeded",
  attempts: 1,
  attemptLog: [{ attempt: 1, latencyMs: 3 }],
  input: { z: 1, a: { é: "ü", b: [1e21, 0.1, -0, 5e-324, "\u2028\n\"\\"] }, "": null, undef: undefined },
  output: null,
  error: null,
  tokensIn: 12,
  tokensOut: 8,
  cost: "1500",
  latencyMs: 3,
  startedAt: "2026-12-05T12:00:00.000Z",
  finishedAt: "2026-12-05T12:00:00.003Z",
};

describe("canonical JSON of a step (RFC 8785 for our data)", () => {
  it("sorts keys by UTF-16 code units at every level, drops undefined members, writes numbers as JSON.stringify", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: undefined, "": 2 }], é: 1, Z: 1 })).toBe('{"Z":1,"a":[{"":2,"d":1}],"b":1,"é":1}');
    expect(canonicalJson([1e21, 0.1, -0, 1e-7, 2 ** 60])).toBe("[1e+21,0.1,0,1e-7,1152921504606847000]");
    expect(canonicalJson("\u2028\n\u0001")).toBe('"\u2028\\n\\u0001"');
  });

  it("is the same before and after a JSON round trip (what a jsonb column gives back)", () => {
    expect(canonicalJson(JSON.parse(JSON.stringify(step)))).toBe(canonicalJson(step));
  });

  it("canonicalParts splits it around the seq exactly", () => {
    const { pre, post } = canonicalParts(step);
    expect(pre + String(step.seq) + post).toBe(canonicalJson(step));
  });

  it("links: sha256 over prevHash + canonical JSON; the genesis binds the run id", () => {
    const prev = genesisHash("run_1");
    expect(prev).toBe(createHash("sha256").update("agentruntime.run-receipt.v1:run_1").digest("hex"));
    expect(stepHash(prev, step)).toBe(createHash("sha256").update(prev + canonicalJson(step)).digest("hex"));
    expect(stepHash(prev, { ...step, cost: "1501" })).not.toBe(stepHash(prev, step));
    expect(stepHash(genesisHash("run_2"), step)).not.toBe(stepHash(prev, step));
  });

  it("reproduces the README's frozen vector", () => {
    const vector: ReceiptStep = { seq: 1, nodeId: "trigger", nodeType: "trigger", status: "succeeded", attempts: 1, attemptLog: [], input: null, output: { name: "Ada" }, error: null, tokensIn: null, tokensOut: null, cost: "0", latencyMs: 2, startedAt: "2026-01-01T00:00:00.000Z", finishedAt: "2026-01-01T00:00:00.002Z" };
    const genesis = genesisHash("run_example");
    expect(genesis).toBe("d3c8b057a3f1cdda0c68d0dbdea820bbd6b93e62c5a326a197bd332243f6a65e");
    expect(canonicalJson(vector)).toBe(
      '{"attemptLog":[],"attempts":1,"cost":"0","error":null,"finishedAt":"2026-01-01T00:00:00.002Z","input":null,"latencyMs":2,"nodeId":"trigger","nodeType":"trigger","output":{"name":"Ada"},"seq":1,"startedAt":"2026-01-01T00:00:00.000Z","status":"succeeded","tokensIn":null,"tokensOut":null}',
    );
    expect(stepHash(genesis, vector)).toBe("14591f46c7bc864dac449bc068a105404df9b40711685d8fa77a82839bfad223");
  });
});
