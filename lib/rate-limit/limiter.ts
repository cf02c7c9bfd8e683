import "server-only";
import { RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "@/lib/core/errors";
import { intEnv } from "@/lib/core/env";
import { pgPool } from "@/lib/db/pool";
import { closeSharedRedis, redisReady, sharedRedis } from "@/lib/redis/client";
import { SharedCounters, type Count } from "./shared-counters";

/**
 * A limit: `points` per `durationSeconds` for each key. `perProcess` limits are checked in this
 * process's memory — for the checks on every API request, where a database round trip would
 * cost more than what the limit protects — and shared with the other instances in the
 * background (./shared-counters.ts; with REDIS_URL they are counted in Redis). See README, Rate limits.
 */
export type LimitSpec = { name: string; points: number; durationSeconds: number; perProcess?: boolean };

// Counters live in PostgreSQL (table rate_limits, created by a migration) so every web
// instance shares them — sign-in and other rare, abuse-prone paths take a round trip each;
// per-process limits are counted in memory and sent there every 200 ms. With REDIS_URL every
// limit moves to Redis.
const cache = new Map<string, RateLimiterAbstract>();

function createLimiter(spec: LimitSpec): RateLimiterAbstract {
  const base = { keyPrefix: `ar_${spec.name}`, points: spec.points, duration: spec.durationSeconds };
  if (process.env.REDIS_URL) {
    // A key that has spent its points is refused from memory until its window ends: a client
    // hammering past its limit costs Redis nothing more.
    return new RateLimiterRedis({ ...base, storeClient: sharedRedis(), ...(spec.perProcess ? { inMemoryBlockOnConsumed: spec.points } : {}) });
  }
  return new RateLimiterPostgres({ ...base, storeClient: pgPool(), storeType: "pool", tableName: "rate_limits", tableCreated: true });
}

function limiterFor(spec: LimitSpec): RateLimiterAbstract {
  const key = `${spec.name}:${spec.points}:${spec.durationSeconds}:${spec.perProcess ? "p" : "s"}`;
  let limiter = cache.get(key);
  if (!limiter) {
    limiter = createLimiter(spec);
    cache.set(key, limiter);
  }
  return limiter;
}

function headers(spec: LimitSpec, res: RateLimiterRes): Record<string, string> {
  return {
    "X-RateLimit-Limit": String(spec.points),
    "X-RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "X-RateLimit-Reset": String(Math.ceil((Date.now() + res.msBeforeNext) / 1000)),
  };
}

/**
 * Takes one point for `key`; returns the X-RateLimit-* headers, or throws a 429 ApiError
 * carrying them plus Retry-After. Store failures are surfaced, not swallowed: a limiter
 * that silently allows everything is worse than an error.
 */
export async function consume(spec: LimitSpec, key: string, points = 1): Promise<Record<string, string>> {
  if (spec.perProcess && !process.env.REDIS_URL) return consumeShared(spec, key);
  try {
    const limiter = limiterFor(spec);
    await redisReady();
    const res = await limiter.consume(key, points);
    return headers(spec, res);
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      throw new ApiError("rate_limited", "Too many requests; try again later", {
        headers: { ...headers(spec, err), "Retry-After": String(Math.max(1, Math.ceil(err.msBeforeNext / 1000))) },
      });
    }
    throw err;
  }
}

// Per-process limits without Redis: in memory, shared through PostgreSQL in the background. A key
// first seen in a window reads its count from PostgreSQL first, so an instance learns what the
// others have spent from its first request; after that, only what they counted in the last
// flush interval can be missed.
let shared: SharedCounters | undefined;

async function consumeShared(spec: LimitSpec, key: string): Promise<Record<string, string>> {
  return consumeSharedAll([[spec, key]]);
}

/**
 * Takes one point from each per-process bucket with one in-memory check (no store round trip):
 * all or none, the headers of the tightest bucket; a 429 (with Retry-After) when one is exhausted.
 */
export async function consumeSharedAll(buckets: ReadonlyArray<readonly [LimitSpec, string]>): Promise<Record<string, string>> {
  shared ??= new SharedCounters(countIn, { peek: peekCount });
  const verdict = await shared.take(buckets.map(([spec, key]) => ({ name: spec.name, key, points: spec.points, durationSeconds: spec.durationSeconds })));
  const answer = {
    "X-RateLimit-Limit": verdict.headers["x-ratelimit-limit"],
    "X-RateLimit-Remaining": verdict.headers["x-ratelimit-remaining"],
    "X-RateLimit-Reset": verdict.headers["x-ratelimit-reset"],
  };
  if (verdict.ok) return answer;
  throw new ApiError("rate_limited", "Too many requests; try again later", { headers: { ...answer, "Retry-After": String(verdict.retryAfterS) } });
}

const inStore = (s: LimitSpec): LimitSpec => ({ name: s.name, points: s.points, durationSeconds: s.durationSeconds });
const countOf = (res: RateLimiterRes, limited: boolean): Count => ({ remaining: Math.max(0, res.remainingPoints), resetAt: Date.now() + res.msBeforeNext, limited });

/** Takes `points` for `key` in the shared store (PostgreSQL, or Redis with REDIS_URL), whatever the spec's perProcess. */
export async function countIn(spec: LimitSpec, key: string, points: number): Promise<Count> {
  const limiter = limiterFor(inStore(spec));
  await redisReady();
  try {
    return countOf(await limiter.consume(key, points), false);
  } catch (err) {
    if (err instanceof RateLimiterRes) return countOf(err, true);
    throw err;
  }
}

/** A key's count in the shared store without taking a point; null when it has none in a live window. */
async function peekCount(spec: LimitSpec, key: string): Promise<Count | null> {
  const limiter = limiterFor(inStore(spec));
  await redisReady();
  const res = await limiter.get(key);
  return res && res.msBeforeNext > 0 ? countOf(res, false) : null;
}

/** Sends what the per-process limits counted and closes the Redis connection, if one was opened (one-off scripts, which must exit when done). */
export async function closeRateLimitStore(): Promise<void> {
  const counters = shared;
  shared = undefined;
  counters?.close();
  await counters?.flush();
  cache.clear();
  await closeSharedRedis();
}

/** Clears a key's counter (e.g. after a successful sign-in). */
export async function reset(spec: LimitSpec, key: string): Promise<void> {
  const limiter = limiterFor(spec);
  await redisReady();
  await limiter.delete(key);
}

const envInt = (name: string, fallback: number) => intEnv(name, fallback, { invalid: "fallback" });

/** Limits, overridable by environment (AR_RL_<NAME>_POINTS / _SECONDS). */
export function limit(name: string, points: number, durationSeconds: number, opts: { perProcess?: boolean } = {}): LimitSpec {
  const up = name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  return { name, points: envInt(`AR_RL_${up}_POINTS`, points), durationSeconds: envInt(`AR_RL_${up}_SECONDS`, durationSeconds), ...(opts.perProcess ? { perProcess: true } : {}) };
}
