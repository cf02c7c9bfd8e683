import { afterEach, describe, expect, it } from "vitest";
import { creditPacks, DEFAULT_PACKS, findPack } from "./packs";

afterEach(() => delete process.env.BILLING_CREDIT_PACKS);

describe("credit packs", () => {
  it("defaults to starter, team and scale, priced 1 cent per 10,000 usd_micros", () => {
    expect(creditPacks().map((p) => p.id)).toEqual(["starter", "team", "scale"]);
    for (const p of DEFAULT_PACKS) expect(p.credits).toBe(BigInt(p.priceCents) * 10_000n);
    expect(findPack("starter")).toMatchObject({ priceCents: 1_000, credits: 10_000_000n });
    expect(findPack("nope")).toBeNull();
  });

  it("reads BILLING_CREDIT_PACKS as JSON", () => {
    process.env.BILLING_CREDIT_PACKS = JSON.stringify([{ id: "mini", name: "Mini", priceCents: 500, credits: 6_000_000, description: "bonus" }]);
    expect(creditPacks()).toEqual([{ id: "mini", name: "Mini", priceCents: 500, credits: 6_000_000n, description: "bonus" }]);
    expect(findPack("starter")).toBeNull();
  });

  it("refuses malformed configuration with a message naming the variable", () => {
    for (const bad of ["not json", "[]", '[{"id":"x","name":"X","priceCents":10.5,"credits":1}]', '[{"id":"Bad Id","name":"X","priceCents":100,"credits":1}]', '[{"id":"a","name":"A","priceCents":100,"credits":1},{"id":"a","name":"B","priceCents":100,"credits":1}]']) {
      process.env.BILLING_CREDIT_PACKS = bad;
      expect(() => creditPacks()).toThrow(/BILLING_CREDIT_PACKS/);
    }
  });
});
