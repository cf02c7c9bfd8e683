import { describe, expect, it } from "vitest";
import { newId } from "./ids";

describe("newId", () => {
  it("is prefixed, 26 Crockford base32 characters after the prefix, and sorts by creation time", async () => {
    const a = newId("run");
    await new Promise((r) => setTimeout(r, 2));
    const b = newId("run");
    expect(a).toMatch(/^run_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(a < b).toBe(true);
    expect(newId("webhookDelivery")).toMatch(/^whd_/);
  });

  it("never repeats a random part, across many refills of the random pool", () => {
    // 20,000 ids draw 320,000 random bytes: 78 refills of the 4 KiB pool.
    const parts = new Set(Array.from({ length: 20_000 }, () => newId("event").slice(-16)));
    expect(parts.size).toBe(20_000);
  });

  it("spreads the random part over the whole alphabet", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) for (const c of newId("usage").slice(-16)) counts.set(c, (counts.get(c) ?? 0) + 1);
    // 32,000 characters over 32 symbols: about 1,000 each.
    expect(counts.size).toBe(32);
    for (const n of counts.values()) expect(n).toBeGreaterThan(700);
  });
});
