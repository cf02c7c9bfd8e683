// Axis ticks that read well: steps of 1, 2 or 5 × 10ⁿ, so labels never repeat ("1 ms, 1 ms,
// 0 ms" came from letting the chart pick fractional ticks and rounding them for display).

/** A "nice" step (1, 2, 2.5 or 5 × 10ⁿ) that splits [0, max] into about `count` parts, at least `min`. */
export function niceStep(max: number, count = 4, min = 0): number {
  if (!(max > 0)) return Math.max(min, 1);
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return Math.max(step, min);
}

/** Ticks 0, step, 2·step, … covering `max` (the last tick ≥ max). */
export function niceTicks(max: number, count = 4, min = 0): number[] {
  const step = niceStep(max, count, min);
  const n = Math.max(1, Math.ceil(max / step - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}

/** Duration ticks in milliseconds: whole milliseconds at least, whole seconds/minutes when long. */
export function durationTicks(maxMs: number, count = 4): number[] {
  const step = niceStep(maxMs, count, 1);
  // Round up to units people read: 1/2/5/10/15/30 s, then minutes.
  const units = [1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];
  const s = step < 1000 ? step : (units.find((u) => u >= step) ?? Math.ceil(step / 3_600_000) * 3_600_000);
  const n = Math.max(1, Math.ceil(maxMs / s - 1e-9));
  return Array.from({ length: n + 1 }, (_, i) => i * s);
}

/** Money ticks in usd_micros: never finer than one micro-dollar. */
export function usdTicks(maxMicros: number, count = 4): number[] {
  return niceTicks(maxMicros, count, 1);
}
