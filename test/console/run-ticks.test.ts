import { describe, expect, it } from "vitest";
import { bucketLabel } from "@/components/console/runs/run-charts";
import { formatMs, formatUsd } from "@/components/console/runs/format";
import { durationTicks, niceStep, niceTicks, usdTicks } from "@/components/console/runs/ticks";

const distinct = (xs: string[]) => new Set(xs).size === xs.length;

describe("axis ticks", () => {
  it("picks 1/2/2.5/5 × 10ⁿ steps", () => {
    expect(niceStep(100)).toBe(25);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0.9)).toBe(0.25);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
  });
  it("labels a sub-millisecond range with distinct whole milliseconds", () => {
    const ticks = durationTicks(1.4);
    expect(ticks).toEqual([0, 1, 2]);
    expect(distinct(ticks.map(formatMs))).toBe(true);
  });
  it("uses whole seconds and minutes for long durations", () => {
    expect(durationTicks(9_000)).toEqual([0, 5000, 10_000]);
    expect(durationTicks(3_600_000 * 2)).toEqual([0, 3_600_000, 7_200_000]);
    for (const max of [3, 37, 480, 2_345, 61_000, 9_999_999]) expect(distinct(durationTicks(max).map(formatMs))).toBe(true);
  });
  it("labels money ticks distinctly, never below a micro-dollar", () => {
    expect(usdTicks(0)).toEqual([0, 1]);
    for (const max of [2, 30, 4_500, 1_200_000]) expect(distinct(usdTicks(max).map(formatUsd))).toBe(true);
  });
});

describe("Command Center bucket labels", () => {
  const iso = "2026-12-05T15:00:00.000Z";
  it("hours alone within a day, with the day across several, dates for day buckets", () => {
    const hour = bucketLabel(iso, "hour", 24 * 3_600_000);
    expect(hour).toMatch(/^\d\d:00$/);
    expect(bucketLabel(iso, "hour", 3 * 24 * 3_600_000)).toMatch(/^Dec \d+ \d\d:00$/);
    expect(bucketLabel(iso, "day", 30 * 24 * 3_600_000)).toMatch(/^Dec \d+$/);
  });
});
