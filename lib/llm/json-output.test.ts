import { describe, expect, it } from "vitest";
import { jsonOutput } from "./json-output";

// The answer check zod builds from a step's outputSchema never runs the tenant's patterns on
// JavaScript's backtracking RegExp (27 × a + ! against ^(a+)+$ took ~5 s there); the engine
// checks them afterwards on RE2.

type Context = Parameters<ReturnType<typeof jsonOutput>["parseCompleteOutput"]>[1];
const context = { response: { id: "r", timestamp: new Date(0), modelId: "m" }, usage: {}, finishReason: "stop" } as unknown as Context;

async function timeParse(schema: Record<string, unknown>, value: unknown): Promise<number> {
  const output = jsonOutput(schema);
  const start = performance.now();
  expect(await output.parseCompleteOutput({ text: JSON.stringify(value) }, context)).toEqual(value);
  return performance.now() - start;
}

describe("jsonOutput", () => {
  it("an answer built to backtrack against the schema's pattern and patternProperties is parsed as fast as a normal one", async () => {
    const schema = { type: "object", properties: { s: { type: "string", pattern: "^(a+)+$" } }, patternProperties: { "^(x+x+)+y$": { type: "number" } }, additionalProperties: false };
    const normal = await timeParse(schema, { s: "aaa" });
    const attack = await timeParse(schema, { s: `${"a".repeat(27)}!`, [`${"x".repeat(26)}`]: 1 });
    expect(attack - normal).toBeLessThan(100);
  });

  it("still checks everything else: types, required properties, a property named pattern", async () => {
    const schema = { type: "object", properties: { pattern: { type: "string" }, n: { type: "integer" } }, required: ["pattern", "n"] };
    expect(await timeParse(schema, { pattern: "p", n: 1 })).toBeGreaterThanOrEqual(0);
    await expect(jsonOutput(schema).parseCompleteOutput({ text: '{"pattern":"p","n":"1"}' }, context)).rejects.toThrow();
    await expect(jsonOutput(schema).parseCompleteOutput({ text: '{"n":1}' }, context)).rejects.toThrow();
  });
});
