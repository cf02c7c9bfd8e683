// `npm run seed`: demo user, workspace `demo` with project `dev`, and a fresh token with
// every scope. Uses DATABASE_URL, else the embedded PostgreSQL of `npm start` (running or not).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/server/embedded-postgres";
import { ensureSecrets } from "../lib/server/dev-secrets";

const DATA_DIR = ".data/pg";
const PORT = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const CREDENTIALS = ".data/seed-credentials.json";

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

/** The database `npm start` uses: its server if it is up, otherwise started here for the seed. */
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

async function main(): Promise<void> {
  mkdirSync(".data", { recursive: true });
  ensureSecrets({ production: process.env.NODE_ENV === "production" && !!process.env.DATABASE_URL });
  const server = await database();
  try {
    const migrate = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "migrate", "deploy"], { stdio: "inherit", env: process.env });
    if (migrate.status !== 0) throw new Error("prisma migrate deploy failed");
    const { seedDemo } = await import("../lib/seed/seed-demo");
    const known = existsSync(CREDENTIALS) ? (JSON.parse(readFileSync(CREDENTIALS, "utf8")) as { password?: string }).password : null;
    const result = await seedDemo(known);
    writeFileSync(CREDENTIALS, JSON.stringify({ email: result.email, password: result.password }, null, 2), { mode: 0o600 });
    const base = process.env.APP_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
    console.log(`
Demo data ready${result.createdUser ? "" : " (already seeded; a new token was issued)"}.
  Sign in at ${base}/auth/sign-in
    email:    ${result.email}
    password: ${result.password}
  Workspace: ${result.workspace}   Project: ${result.project}
  Personal access token (every scope; shown once):
    ${result.token}

  curl -s ${base}/v1/projects -H "Authorization: Bearer ${result.token}" -H "X-Tenant-Id: ${result.workspace}"
`);
  } finally {
    const { db } = await import("../lib/db/client");
    const { closePgPool } = await import("../lib/db/pool");
    await Promise.all([db.$disconnect(), closePgPool()]);
    await server?.stop();
  }
}

main().catch((err) => {
  console.error(`seed failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
