import pg from "pg";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// The gateway's own driver pools, for its hot-path statements; Prisma serves the cold paths
// (cache misses, opening runs).
//   - commits: batched usage commits, durable before a call's end is released;
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
  return (commits ??= create(intEnv("GATEWAY_DB_POOL_MAX", 8, { invalid: "fallback" })));
}

export function holdPool(): pg.Pool {
  return (holds ??= create(intEnv("GATEWAY_HOLD_POOL_MAX", 8, { invalid: "fallback" }), "-c synchronous_commit=off"));
}

export async function closeGatewayPool(): Promise<void> {
  const pools = [commits, holds];
  commits = holds = undefined;
  await Promise.all(pools.map((p) => p?.end()));
}
