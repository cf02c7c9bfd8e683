// `npm run vault:rotate`: rewraps every workspace data key that is not on the newest master key
// (the first entry of AGENTRUNTIME_MASTER_KEYS) with the newest one. Secrets are never decrypted;
// old ciphertexts stay readable because the data keys themselves do not change. Idempotent.
// Rotation procedure: prepend the new key (`v2:…,v1:…`), restart, run this, then drop v1.
// Same database resolution as `npm run seed`: DATABASE_URL, else the embedded PostgreSQL of
// `npm start` (running or not).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { ensureSecrets } from "../lib/server/dev-secrets";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/server/embedded-postgres";

const DATA_DIR = ".data/pg";
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

/** The database `npm start` uses: its server if it is up, otherwise started here for the run. */
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

async function main(): Promise<number> {
  mkdirSync(".data", { recursive: true });
  ensureSecrets({ production: process.env.NODE_ENV === "production" && !!process.env.DATABASE_URL });
  const server = await database();
  try {
    const { rewrapDataKeys } = await import("../lib/vault/rewrap");
    const r = await rewrapDataKeys();
    console.log(`vault rotate: newest master key ${r.newestVersion}
  data keys:        ${r.total}
  already current:  ${r.alreadyCurrent}
  rewrapped now:    ${r.rewrapped}
  failed:           ${r.failed.length}`);
    for (const f of r.failed) console.error(`  ${f.workspaceId} (${f.masterKeyVersion}): ${f.reason}`);
    return r.failed.length > 0 ? 1 : 0;
  } finally {
    const { db } = await import("../lib/db/client");
    const { closePgPool } = await import("../lib/db/pool");
    await Promise.all([db.$disconnect(), closePgPool()]);
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`vault rotate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
