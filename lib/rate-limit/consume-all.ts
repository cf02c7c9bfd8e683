import { consume, consumeSharedAll, type LimitSpec } from "./limiter";

/**
 * Takes one point from each bucket in order; the first exhausted bucket answers 429 with its
 * own Retry-After and X-RateLimit-* headers. Otherwise the headers returned describe the
 * tightest bucket (fewest points left), so a client watching X-RateLimit-Remaining sees the
 * limit that will stop it first. Buckets counted in this process (the API's) are checked
 * together: one point from each or, when one is exhausted, none (its 429).
 */
export async function consumeAll(buckets: ReadonlyArray<readonly [LimitSpec, string]>): Promise<Record<string, string>> {
  // The API's limits, on every request: counted in this process, all buckets in one check.
  if (!process.env.REDIS_URL && buckets.every(([spec]) => spec.perProcess)) return consumeSharedAll(buckets);
  let tightest: Record<string, string> = {};
  for (const [spec, key] of buckets) {
    const headers = await consume(spec, key);
    if (!tightest["X-RateLimit-Remaining"] || Number(headers["X-RateLimit-Remaining"]) < Number(tightest["X-RateLimit-Remaining"])) {
      tightest = headers;
    }
  }
  return tightest;
}
