import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, jsonTooDeep, refuseDeepJson } from "./json-depth";

const arrays = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("jsonTooDeep", () => {
  it(`counts arrays and objects: ${MAX_JSON_DEPTH} levels pass, ${MAX_JSON_DEPTH + 1} do not`, () => {
    expect(jsonTooDeep(arrays(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep(arrays(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(jsonTooDeep('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
  });

  it("siblings do not add up; scalars and empty text are depth 0", () => {
    expect(jsonTooDeep(`[${Array(1000).fill("[1]").join(",")}]`, 2)).toBe(false);
    expect(jsonTooDeep("42", 0)).toBe(false);
    expect(jsonTooDeep("", 0)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes and backslashes included", () => {
    expect(jsonTooDeep(JSON.stringify({ s: "[".repeat(1000) }), 1)).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ s: `\\"${"{".repeat(1000)}`, t: '"[[' }), 1)).toBe(false);
    expect(jsonTooDeep(`["\\\\", ${arrays(3)}]`, 3)).toBe(true);
  });

  it("walks 100,000 levels without recursion", () => {
    expect(jsonTooDeep(arrays(100_000))).toBe(true);
  });
});

describe("refuseDeepJson", () => {
  it("throws a 422 invalid_request naming the limit", () => {
    expect(() => refuseDeepJson(arrays(MAX_JSON_DEPTH + 1))).toThrow(expect.objectContaining({ code: "invalid_request", status: 422, message: `The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep` }));
    expect(() => refuseDeepJson(arrays(MAX_JSON_DEPTH))).not.toThrow();
  });
});
