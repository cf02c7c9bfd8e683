import "server-only";
import pg from "pg";

// A small raw pg pool for libraries that want a driver client (the rate limiter).
const globalForPool = globalThis as unknown as { __arPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPool.__arPool) {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
    globalForPool.__arPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  }
  return globalForPool.__arPool;
}
