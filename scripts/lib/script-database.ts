// Shared by one-off scripts (`npm run seed`, `npm run vault:rotate`): secrets loaded, then the
// database from DATABASE_URL, else the embedded PostgreSQL of `npm start` — its running
// server when it is up, otherwise started here for the script and stopped afterwards.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureSecrets } from "../launcher/dev-secrets";
import { embeddedPgDir, startEmbeddedPostgres, type RunningPostgres } from "../launcher/embedded-postgres";

const DATA_DIR = embeddedPgDir();
const PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function database(): Promise<RunningPostgres | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  const passwordFile = path.join(DATA_DIR, ".agentruntime-password");
  if (existsSync(passwordFile)) {
    const password = readFileSync(passwordFile, "utf8").trim();
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${PORT}/agentruntime`;
    if (await reachable(url)) {
      process.env.DATABASE_URL = url;
      return undefined;
    }
  }
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT });
  process.env.DATABASE_URL = server.url;
  return server;
}

/** Runs `fn` with DATABASE_URL set, then closes every pool and stops a server it started. */
export async function withScriptDatabase<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(".data", { recursive: true });
  ensureSecrets({ production: process.env.NODE_ENV === "production" && !!process.env.DATABASE_URL });
  const server = await database();
  try {
    return await fn();
  } finally {
    // Imported late: both modules read DATABASE_URL, which is only known now.
    const { db } = await import("../../lib/db/client");
    const { closePgPool } = await import("../../lib/db/pool");
    // With REDIS_URL a rate limit opens a Redis connection, which would keep the script alive.
    const { closeRateLimitStore } = await import("../../lib/rate-limit/limiter");
    await Promise.all([db.$disconnect(), closePgPool(), closeRateLimitStore()]);
    await server?.stop();
  }
}
