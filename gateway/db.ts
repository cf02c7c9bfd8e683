import pg from "pg";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";

// The gateway's own driver pool, for its hot-path statements (budget holds, batched commits)
// and its LISTEN connection. Prisma serves the cold paths (cache misses, opening runs).

let pool: pg.Pool | undefined;

export function gatewayPool(): pg.Pool {
  if (!pool) {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: intEnv("GATEWAY_DB_POOL_MAX", 8, { invalid: "fallback" }) });
    pool.on("error", (err) => logger.warn("gateway: idle pg client error", { err }));
  }
  return pool;
}

export async function closeGatewayPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.end();
}
