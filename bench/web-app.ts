// The web app as the HTTP benchmarks (bench/api.ts, bench/inbound.ts) run it: `next start` from a
// production build, on a fresh database of an embedded PostgreSQL of their own, migrated, with
// the per-request limits set out of reach (their bookkeeping is measured, not their refusals).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/launcher/embedded-postgres";
import { buildIsStale } from "../scripts/launcher/build-freshness";
import { freePort, startProc, stopAll } from "./gateway-procs";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function runNode(args: string[], env: NodeJS.ProcessEnv, output: "inherit" | "ignore" = "inherit"): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", output, output] });
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.slice(0, 2).join(" ")} failed (${code})`))));
  });
}

/** `next build` when .next is missing or older than the sources; BENCH_API_REUSE_BUILD=1 takes .next as it is. */
export async function ensureBuild(): Promise<void> {
  if (process.env.BENCH_API_REUSE_BUILD === "1" && existsSync(path.join(root, ".next/BUILD_ID"))) return console.log("build: reusing .next (BENCH_API_REUSE_BUILD=1)");
  if (!buildIsStale()) return console.log("build: .next is newer than the sources");
  console.log("build: next build (.next is missing or older than the sources)");
  await runNode([path.join(root, "node_modules/next/dist/bin/next"), "build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" });
}

const readBuildId = () => (existsSync(path.join(root, ".next/BUILD_ID")) ? readFileSync(path.join(root, ".next/BUILD_ID"), "utf8") : null);

export type BenchWebApp = {
  /** The bench database as the PostgreSQL superuser (statistics, resets). */
  admin: pg.Client;
  env: NodeJS.ProcessEnv;
  /** Starts `next start` (as `npm start` runs it, with the preload); resolves with its origin. */
  startWeb(webEnv?: NodeJS.ProcessEnv): Promise<string>;
};

/**
 * Builds if needed, starts PostgreSQL (`pgDir`, `pgPort`), creates and migrates database `db`,
 * puts its environment in process.env (so seeding through lib/ writes there), and runs `body`.
 * Everything is stopped afterwards; a `next build` during the run (.next is shared) fails it.
 */
export async function withBenchWebApp(opts: { pgDir: string; pgPort: number; db: string; env?: Record<string, string> }, body: (app: BenchWebApp) => Promise<void>): Promise<void> {
  await ensureBuild();
  const server = await startEmbeddedPostgres({ dataDir: opts.pgDir, port: opts.pgPort, database: "postgres", ephemeral: true, log: () => {} });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${opts.db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${opts.db}`);
    const url = new URL(server.adminUrl);
    url.pathname = `/${opts.db}`;
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: url.toString(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AGENTRUNTIME_LOCAL_MODE: "1",
      APP_URL: `http://127.0.0.1:${port}`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AGENTRUNTIME_MASTER_KEYS: `v1:${randomBytes(32).toString("base64")}`,
      AR_RL_API_POINTS: "1000000000",
      AR_RL_API_USER_POINTS: "1000000000",
      AR_RL_API_WORKSPACE_POINTS: "1000000000",
      ...opts.env,
    };
    Object.assign(process.env, env);
    await runNode([path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], env, "ignore");
    const buildId = readBuildId();
    // As `npm start` runs it: the preload appends the socket's address to X-Forwarded-For.
    const preload = pathToFileURL(path.join(root, "scripts/web-preload.mjs")).href;
    const startWeb = async (webEnv: NodeJS.ProcessEnv = env) => {
      await startProc("web", process.execPath, ["--import", preload, path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], webEnv, /Ready in/);
      return `http://127.0.0.1:${port}`;
    };
    await body({ admin, env, startWeb });
    if (readBuildId() !== buildId) {
      console.log("the build in .next changed during the run (another `next build`): the figures above are not valid");
      process.exitCode = 1;
    }
  } finally {
    await stopAll();
    const { db } = await import("../lib/db/client");
    await db.$disconnect().catch(() => {});
    await admin.end().catch(() => {});
    await server.stop();
  }
}
