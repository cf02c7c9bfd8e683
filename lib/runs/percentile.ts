// percentile_cont over a histogram: what PostgreSQL's percentile_cont(p) WITHIN GROUP
// (ORDER BY x) returns for the multiset the histogram describes. The stats query groups step
// latencies by value (a hash aggregate) instead of sorting every step, and the exact
// percentiles are taken here from the few thousand distinct values.

export type Histogram = { value: number; count: number }[];

/** The value at 0-based rank `rank` of the multiset (`bins` sorted by value). */
function valueAt(bins: Histogram, rank: number): number {
  let seen = 0;
  for (const b of bins) {
    seen += b.count;
    if (rank < seen) return b.value;
  }
  return bins[bins.length - 1].value;
}

/** Continuous percentile (linear interpolation between the two nearest ranks), p in [0, 1]; NaN for an empty histogram. */
export function percentileCont(histogram: Histogram, p: number): number {
  const bins = histogram.filter((b) => b.count > 0).sort((a, b) => a.value - b.value);
  const n = bins.reduce((sum, b) => sum + b.count, 0);
  if (n === 0) return NaN;
  const pos = p * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = valueAt(bins, lo);
  return hi === lo ? a : a + (valueAt(bins, hi) - a) * (pos - lo);
}
