import "server-only";
import pg from "pg";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// A raw pg pool for what wants a driver client: the rate limiter, and the hot paths' named
// prepared statements (parsed and planned once per connection, no Prisma on the way): the API's
// access lookup (lib/access/load-access.ts), the workflow list, and the inbound acknowledgement
// (lib/inbound/delivery-target.ts, accept-delivery.ts).
//
// Planned once for real: its sessions use generic plans (plan_cache_mode=force_generic_plan).
// With PostgreSQL's default ("auto") the access statement — a union and two lateral lookups whose
// optional parts are `$n IS NULL OR …` — got a custom plan on every request, since a plan that
// knows which parts are absent always looks cheaper: it was planned again on every request.
// Each statement sent here keeps its lookups as plain equalities on indexed columns (token hash,
// session token, the member's user, the project's workspace), so the generic plan uses the same
// indexes (test/tenancy/access-plans.test.ts). GET /v1/workflows' statement, 1000 times on one
// connection: 0.255 / 0.233 ms each against 0.333 / 0.300 ms with "auto".
const globalForPool = globalThis as unknown as { __arPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPool.__arPool) {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    // 4 by default: 16 concurrent inbound deliveries through the route handlers were not faster with 10.
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL,
      max: intEnv("DATABASE_RAW_POOL_MAX", 4, { invalid: "fallback" }),
      options: "-c plan_cache_mode=force_generic_plan",
    });
    // An idle client dropped by the server (restart, failover) must not crash the process.
    pool.on("error", (err) => logger.warn("idle pg client error", { err }));
    globalForPool.__arPool = pool;
  }
  return globalForPool.__arPool;
}

/** For scripts that stop their database before exiting. */
export async function closePgPool(): Promise<void> {
  const pool = globalForPool.__arPool;
  globalForPool.__arPool = undefined;
  await pool?.end();
}

const globalForEngine = globalThis as unknown as { __arEnginePool?: pg.Pool };

/**
 * The run engine's pool (workers): each checkpoint is one prepared statement on one of these
 * connections (lib/runs/engine/checkpoint.ts). RUN_CHECKPOINT_POOL_MAX connections (default 10).
 */
export function enginePool(): pg.Pool {
  if (!globalForEngine.__arEnginePool) {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    const max = Math.max(1, Number(process.env.RUN_CHECKPOINT_POOL_MAX ?? 10) || 10);
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max, application_name: "agentruntime-run-checkpoints" });
    pool.on("error", (err) => logger.warn("idle pg client error", { err }));
    globalForEngine.__arEnginePool = pool;
  }
  return globalForEngine.__arEnginePool;
}
