import { describe, expect, it } from "vitest";
import { backoffCeilingMs, planRetry, retryDelayMs } from "./backoff";
import type { RetryPolicy } from "./config";

const MIN = 60_000;
const HOUR = 60 * MIN;
const policy: RetryPolicy = { baseDelayMs: MIN, maxDelayMs: 6 * HOUR, maxAttempts: 30, windowMs: 72 * HOUR };

describe("backoff", () => {
  it("the ceiling doubles from 1 min and is capped at 6 h", () => {
    expect([1, 2, 3, 4, 9, 10, 11, 25, 1000].map((n) => backoffCeilingMs(n, policy))).toEqual([MIN, 2 * MIN, 4 * MIN, 8 * MIN, 256 * MIN, 6 * HOUR, 6 * HOUR, 6 * HOUR, 6 * HOUR]);
  });

  it("full jitter: the delay is random × ceiling, never below one second, random clamped to [0, 1]", () => {
    expect(retryDelayMs(3, policy, () => 0.25)).toBe(MIN);
    expect(retryDelayMs(3, policy, () => 0.999999)).toBe(Math.floor(0.999999 * 4 * MIN));
    expect(retryDelayMs(3, policy, () => 0)).toBe(1000);
    expect(retryDelayMs(3, policy, () => 7)).toBe(4 * MIN);
    expect(retryDelayMs(3, policy, () => -1)).toBe(1000);
    const samples = Array.from({ length: 2000 }, () => retryDelayMs(12, policy));
    expect(Math.max(...samples)).toBeLessThanOrEqual(6 * HOUR);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1000);
    // Spread over the whole range, not clustered at the ceiling.
    expect(samples.filter((s) => s < 3 * HOUR).length).toBeGreaterThan(800);
  });

  it("plans the next attempt from the failure time; stops after the last attempt", () => {
    const createdAt = new Date(0);
    const plan = planRetry({ attempt: 2, createdAt, now: new Date(5 * MIN), policy, random: () => 0.5 });
    expect(plan).toEqual({ retry: true, delayMs: MIN, at: new Date(6 * MIN) });
    expect(planRetry({ attempt: 30, createdAt, now: new Date(MIN), policy })).toEqual({ retry: false, reason: "max_attempts" });
  });

  it("never schedules past the 3-day window that started with the event", () => {
    const createdAt = new Date(0);
    expect(planRetry({ attempt: 20, createdAt, now: new Date(72 * HOUR - 2 * HOUR), policy, random: () => 0.2 })).toMatchObject({ retry: true });
    expect(planRetry({ attempt: 20, createdAt, now: new Date(72 * HOUR - 2 * HOUR), policy, random: () => 0.5 })).toEqual({ retry: false, reason: "window_elapsed" });
  });

  it("a whole schedule with the worst-case random stays inside the window and the attempt cap", () => {
    for (const r of [1, 0.5, 0.1]) {
      const createdAt = new Date(0);
      let now = new Date(0);
      let attempts = 1;
      for (;;) {
        const plan = planRetry({ attempt: attempts, createdAt, now, policy, random: () => r });
        if (!plan.retry) break;
        now = plan.at;
        attempts++;
      }
      expect(attempts).toBeLessThanOrEqual(policy.maxAttempts);
      expect(now.getTime()).toBeLessThanOrEqual(policy.windowMs);
      // With the longest delays the schedule spans most of the 3 days.
      if (r === 1) expect(now.getTime()).toBeGreaterThan(60 * HOUR);
    }
  });
});
