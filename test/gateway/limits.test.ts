import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { RateLimits, type LimitKey } from "@/gateway/limits";

// The gateway's in-process limits with their background flush to the shared counters
// (PostgreSQL here): a call counted in this process stays counted while its flush is in flight,
// so Remaining only decreases and no more than the limit pass, whenever the flush lands.

describe("gateway rate limits", () => {
  it("L + k calls with flushes in between, 30 times: exactly L pass and Remaining only decreases", async () => {
    // Overlapping flushes of one key used to let a later answer include a point an earlier one
    // still carried in flight: it counted twice and refused a call below the limit (4 of 60 runs).
    for (let run = 0; run < 30; run++) {
      const limits = new RateLimits();
      const key: LimitKey = { name: "gw_tool_policy", key: `test-${randomUUID()}`, perMinute: 5 };
      const remaining: number[] = [];
      let passed = 0;
      for (let i = 0; i < 8; i++) {
        const verdict = await limits.take([key]);
        remaining.push(Number(verdict.headers["x-ratelimit-remaining"]));
        if (verdict.ok) passed++;
        // A flush started (not awaited) between calls: its round trip overlaps the next call.
        const flushing = limits.flush();
        if (i % 3 === 2) await flushing;
      }
      await limits.flush();
      limits.close();
      expect(passed).toBe(5);
      expect(remaining.slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
      for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBeLessThanOrEqual(remaining[i - 1]);
    }
  }, 60_000);

  it("a second gateway process sees what the first counted once it has flushed", async () => {
    const a = new RateLimits();
    const b = new RateLimits();
    const key: LimitKey = { name: "gw_tool_agent", key: `test-${randomUUID()}`, perMinute: 4 };
    for (let i = 0; i < 3; i++) expect((await a.take([key])).ok).toBe(true);
    await a.flush();
    // b learns the shared count on its own first flush.
    expect((await b.take([key])).ok).toBe(true);
    await b.flush();
    const next = await b.take([key]);
    expect(next.ok).toBe(false);
    expect(Number(next.headers["retry-after"])).toBeGreaterThan(0);
    a.close();
    b.close();
  });
});
