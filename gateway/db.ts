import pg from "pg";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// The gateway's own driver pools, for its hot-path statements; Prisma serves the cold paths
// (cache misses, opening runs).
//   - commits: batched usage commits, durable before a call's end is released. Their sessions
//     plan with generic plans (plan_cache_mode=force_generic_plan): the commit's set-based SQL
//     functions take arrays, and PostgreSQL's default ("auto") found a custom plan cheaper each
//     time, because it knows the arrays hold one element, so it planned every statement of the
//     commit again on every call. bench:gateway, non-streamed, back to back: added p50 at c=1
//     4.08 / 3.34 ms → 2.54 / 2.60 ms; PostgreSQL CPU per request 0.74 / 0.62 → 0.53 / 0.53 ms;
//     c=32 1,187 / 1,414 → 1,577 / 1,544 req/s. Plans are still rebuilt when a table's
//     statistics change;
//   - holds: the budget hold before each call. A hold need not survive a database crash (the
//     call's commit settles whatever was held, clamped at zero), so these sessions commit
//     without waiting for the WAL flush (synchronous_commit=off): no fsync per call.

let commits: pg.Pool | undefined;
let holds: pg.Pool | undefined;

function create(max: number, options?: string): pg.Pool {
  if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max, ...(options ? { options } : {}) });
  pool.on("error", (err) => logger.warn("gateway: idle pg client error", { err }));
  return pool;
}

export function gatewayPool(): pg.Pool {
  return (commits ??= create(intEnv("GATEWAY_DB_POOL_MAX", 8, { invalid: "fallback" }), "-c plan_cache_mode=force_generic_plan"));
}

export function holdPool(): pg.Pool {
  return (holds ??= create(intEnv("GATEWAY_HOLD_POOL_MAX", 8, { invalid: "fallback" }), "-c synchronous_commit=off"));
}

export async function closeGatewayPool(): Promise<void> {
  const pools = [commits, holds];
  commits = holds = undefined;
  await Promise.all(pools.map((p) => p?.end()));
}
