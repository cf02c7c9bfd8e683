import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { percentileCont, type Histogram } from "./percentile";

// The reference: percentile_cont as PostgreSQL defines it, on the expanded, sorted values.
function reference(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

const histogramOf = (values: number[]): Histogram => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count }));
};

describe("percentileCont", () => {
  it("matches PostgreSQL's percentile_cont on small known cases", () => {
    expect(percentileCont(histogramOf([10, 20, 30, 40]), 0.5)).toBe(25);
    expect(percentileCont(histogramOf([10, 20, 30, 40]), 0.95)).toBeCloseTo(38.5);
    expect(percentileCont(histogramOf([7]), 0.95)).toBe(7);
    expect(percentileCont([{ value: 5, count: 3 }, { value: 1, count: 1 }], 0.5)).toBe(5);
    expect(percentileCont([], 0.5)).toBeNaN();
  });

  it("equals the sorted-values definition for any multiset and p", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        expect(percentileCont(histogramOf(values), p)).toBeCloseTo(reference(values, p), 9);
      }),
    );
  });
});
