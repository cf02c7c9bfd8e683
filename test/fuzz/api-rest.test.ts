// Bad input never yields a 500: every operation the other fuzz files do not claim — new
// resources land here automatically (see groups.ts and run.ts).
import { describe, expect, it } from "vitest";
import "./env";
import { GROUP_NAMES, operationsOf } from "./groups";
import { OPERATIONS } from "./operations";
import { fuzzOperations } from "./run";

describe("fuzz coverage", () => {
  it("fuzzes every operation of the OpenAPI document exactly once", () => {
    const ids = GROUP_NAMES.flatMap((g) => operationsOf(g)).map((op) => op.id).sort();
    expect(ids).toEqual(OPERATIONS.map((op) => op.id).sort());
    expect(OPERATIONS.length).toBeGreaterThan(30);
  });
});

fuzzOperations(operationsOf("rest"));
