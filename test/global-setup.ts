// Runs once per `vitest run`, in the main process: provides a PostgreSQL server and a template
// database with every migration applied. Each worker then clones the template (setup-env.ts),
// which takes ~100 ms instead of re-running migrations per worker.
//
// TEST_DATABASE_URL: use that server instead of the embedded one (its user must be allowed to
// CREATE/DROP DATABASE; the database part of the URL is only used to connect).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { getConstructionPlans } from "pg-boss";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../scripts/launcher/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export const TEMPLATE_DB = "agentruntime_template";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BOSS_VERSION = (JSON.parse(readFileSync(path.join(root, "node_modules/pg-boss/package.json"), "utf8")) as { version: string }).version;

/** Workers DROP databases: refuse anything but this machine unless explicitly allowed. */
export function assertLocalDatabase(url: string): void {
  if (process.env.ALLOW_REMOTE_TEST_DB === "1") return;
  const u = new URL(url);
  const hosts = [u.hostname, u.searchParams.get("host") ?? ""].filter(Boolean);
  const local = (h: string) => ["127.0.0.1", "localhost", "::1", "[::1]"].includes(h) || h.startsWith("/");
  if (!hosts.every(local)) {
    throw new Error(`refusing to create/drop test databases on ${hosts.join(", ")}: not local (set ALLOW_REMOTE_TEST_DB=1 to allow)`);
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let stop = async () => {};
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const server = await startEmbeddedPostgres({
      dataDir: path.resolve(root, process.env.TEST_PG_DIR ?? ".data/pg-test"),
      port: Number(process.env.TEST_PG_PORT ?? 54339),
      database: "postgres",
      ephemeral: true,
    });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  try {
    assertLocalDatabase(adminUrl);
    await prepareTemplate(adminUrl);
  } catch (e) {
    await stop();
    throw e;
  }
  project.provide("adminDatabaseUrl", adminUrl);
  return stop;
}

// The template is rebuilt only when prisma/migrations changes: its fingerprint is kept as
// the database's comment, which is written last, so an interrupted build is never reused.
async function prepareTemplate(adminUrl: string): Promise<void> {
  const fingerprint = `migrations:${migrationsHash()};pgboss:${BOSS_VERSION}`;
  const ident = `"${TEMPLATE_DB}"`;
  const current = await withClient(adminUrl, async (c) => {
    const r = await c.query("SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = $1", [TEMPLATE_DB]);
    return r.rows[0]?.d as string | undefined;
  });
  if (current === fingerprint) return;

  const t0 = Date.now();
  await withClient(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident}`);
  });
  await migrateDeploy(databaseUrl(adminUrl, TEMPLATE_DB));
  // The job queue's schema too, so each test database has it (pg-boss installs it on first start otherwise, ~1 s).
  await withClient(databaseUrl(adminUrl, TEMPLATE_DB), (c) => c.query(getConstructionPlans("pgboss")));
  await withClient(adminUrl, (c) => c.query(`COMMENT ON DATABASE ${ident} IS '${fingerprint}'`));
  console.log(`[test] migrated template database ${TEMPLATE_DB} (${Date.now() - t0} ms)`);
}

function migrationsHash(): string {
  const hash = createHash("sha256");
  const dir = path.join(root, "prisma/migrations");
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else hash.update(path.relative(dir, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  if (existsSync(dir)) walk(dir);
  return hash.digest("hex").slice(0, 16);
}

function migrateDeploy(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/.bin/prisma"), "migrate", "deploy"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`))));
  });
}
