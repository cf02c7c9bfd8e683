// `npm run bench:runs`: the run engine against plain pg-boss, on its own embedded PostgreSQL
// (.data/bench, port BENCH_PG_PORT or 54391), with 2 worker processes each time.
//   1. raw pg-boss: BENCH_CHAINS chains of 3 no-op jobs (the floor any engine on pg-boss pays);
//   2. engine: BENCH_RUNS runs of the 3-step `hello` workflow (trigger → transform → output),
//      every step checkpointed, evented and charged; spread over 8 workspaces;
//   3. latency: runs started one at a time (~20/s) on idle, warm workers.
// Throughput counts from the first job started to the last finished. Both are queued up front and
// handed out only once both workers have started, so neither run creation nor worker boot is
// measured (the first worker used to start alone while the second one still loaded its modules).
// Prints runs/s, the ratio (goal ≥ 0.5), trigger → first step started p50 (goal ≤ 10 ms) and
// step-to-step overhead p50 (goal ≤ 2 ms).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/launcher/embedded-postgres";
import { generatePlatformKeyPem } from "../lib/platform-keys/parse-key";
import { CHAIN } from "./chain";
import { recordGoal } from "./goals";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
// 3 s or more of each at the speeds of a 2-core machine: at 2000 chains / 1000 runs each phase
// lasted about a second, of which its first 200 ms (workers' JIT, each new session's plans and
// compiled functions) ran at half speed, so the ratio moved with how each phase warmed up.
const CHAINS = Number(process.env.BENCH_CHAINS ?? 6000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3000);
const LATENCY_RUNS = Number(process.env.BENCH_LATENCY_RUNS ?? 100);
const WORKSPACES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

function spawnProc(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let last = "";
    const onLine = (line: string) => {
      last = line;
      if (/"msg":"worker started"|^ready$/.test(line)) resolve(child);
      else if (/"level":"error"|Error/.test(line)) console.error(`[${name}] ${line.slice(0, 300)}`);
    };
    readline.createInterface({ input: child.stdout! }).on("line", onLine);
    readline.createInterface({ input: child.stderr! }).on("line", onLine);
    child.on("exit", (code) => reject(new Error(`${name} exited (${code}) before it was ready: ${last.slice(0, 300)}`)));
  });
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : (c.once("exit", r), c.kill("SIGTERM"))))));
}

async function migrate(url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy failed (${code})`))));
  });
}

async function main(): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir: ".data/bench", port: Number(process.env.BENCH_PG_PORT ?? 54391), database: "postgres", ephemeral: true, log: () => {} });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS bench WITH (FORCE)");
  await admin.query("CREATE DATABASE bench");
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = "/bench";
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url.toString(),
    NODE_ENV: "production",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AGENTRUNTIME_MASTER_KEYS: `v1:${randomBytes(32).toString("base64")}`,
    PLATFORM_SIGNING_KEY: generatePlatformKeyPem(),
    // Workers refuse to start in production without a mail transport; the bench sends no mail.
    SMTP_URL: process.env.SMTP_URL ?? "smtp://127.0.0.1:2525",
  };
  Object.assign(process.env, env);
  const children: ChildProcess[] = [];
  try {
    await migrate(env.DATABASE_URL!);
    const raw = await rawPgBoss(env, children);
    const engine = await engineRuns(env, children);
    const ratio = engine.runsPerSecond / raw.chainsPerSecond;
    console.log("\n== bench:runs (2 worker processes, embedded PostgreSQL, fsync off) ==");
    console.log(`raw pg-boss, 3 chained no-op jobs: ${raw.chainsPerSecond.toFixed(0)} chains/s (${CHAINS} chains)`);
    console.log(`engine, 3-step hello workflow:    ${engine.runsPerSecond.toFixed(0)} runs/s (${RUNS} runs)`);
    console.log(`ratio engine / raw:               ${ratio.toFixed(2)} (goal ≥ 0.5)`);
    console.log(`trigger → first step started:     p50 ${engine.triggerP50} ms, p95 ${engine.triggerP95} ms (goal p50 ≤ 10 ms; idle workers, ~20 runs/s)`);
    console.log(`step-to-step overhead:            p50 ${engine.stepP50} ms, p95 ${engine.stepP95} ms (goal p50 ≤ 2 ms; same runs)`);
    recordGoal({ bench: "runs", measure: "engine / raw pg-boss runs/s", result: ratio.toFixed(2), goal: "≥ 0.5", met: ratio >= 0.5 });
    recordGoal({ bench: "runs", measure: "trigger → first step p50", result: `${engine.triggerP50} ms`, goal: "≤ 10 ms", met: engine.triggerP50 <= 10 });
    recordGoal({ bench: "runs", measure: "step-to-step overhead p50", result: `${engine.stepP50} ms`, goal: "≤ 2 ms", met: engine.stepP50 <= 2 });
    console.log(`step-to-step overhead under load: p50 ${engine.loadedStepP50} ms (throughput phase)`);
  } finally {
    await stopAll(children);
    const { db } = await import("../lib/db/client");
    await db.$disconnect().catch(() => {});
    // With REDIS_URL set, starting runs published their events through Redis: its connection would keep the bench alive.
    const { closeSharedRedis } = await import("../lib/redis/client");
    await closeSharedRedis().catch(() => {});
    await server.stop();
  }
}

async function rawPgBoss(env: NodeJS.ProcessEnv, children: ChildProcess[]) {
  const { PgBoss } = await import("pg-boss");
  const boss = new PgBoss({ connectionString: env.DATABASE_URL!, schema: "pgboss", supervise: false, schedule: false, openTelemetry: { enabled: false } });
  await boss.start();
  for (const name of CHAIN) await boss.createQueue(name, { notify: true });
  // Both workers up first, then every chain queued in one statement: the span measures both consuming.
  const workers = await Promise.all([1, 2].map((i) => spawnProc(`raw-${i}`, ["bench/raw-chain-worker.ts"], env)));
  children.push(...workers);
  await boss.insert(CHAIN[0], Array.from({ length: CHAINS }, (_, n) => ({ data: { n } })));
  const db = boss.getDb();
  for (;;) {
    const { rows } = await db.executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [CHAIN[2]]);
    if (rows[0].n >= CHAINS) break;
    await sleep(100);
  }
  const { rows } = await db.executeSql(
    `SELECT extract(epoch FROM (SELECT max(completed_on) FROM pgboss.job WHERE name = $2) - (SELECT min(started_on) FROM pgboss.job WHERE name = $1)) AS s`,
    [CHAIN[0], CHAIN[2]],
  );
  await stopAll(workers);
  await boss.stop({ graceful: false });
  return { chainsPerSecond: CHAINS / Number(rows[0].s) };
}

async function engineRuns(env: NodeJS.ProcessEnv, children: ChildProcess[]) {
  const { db } = await import("../lib/db/client");
  const { startRun } = await import("../lib/runs/start-run");
  const { stopBoss } = await import("../lib/queue/boss");
  const { RUN_WAKE_CHANNEL } = await import("../lib/runs/queue");
  const { createTestUser } = await import("../test/factories/users");
  const { createTestWorkspace } = await import("../test/factories/tenancy");
  const { grantTestCredits } = await import("../test/factories/billing");
  const { createTestWorkflow } = await import("../test/factories/workflows");

  const { user } = await createTestUser();
  const tenants: { workspaceId: string; projectId: string; workflowId: string }[] = [];
  for (let i = 0; i < WORKSPACES; i++) {
    const { workspace, project } = await createTestWorkspace({ ownerId: user.id });
    await db.workspace.update({ where: { id: workspace.id }, data: { maxConcurrentRuns: 10_000 } });
    await grantTestCredits(workspace.id, 1_000_000_000n);
    const { workflow } = await createTestWorkflow({ workspaceId: workspace.id, projectId: project.id });
    tenants.push({ workspaceId: workspace.id, projectId: project.id, workflowId: workflow.id });
  }
  const start = (i: number) => startRun({ ...tenants[i % WORKSPACES], input: { name: `n${i}` }, budget: 100_000, trigger: "api" });

  // Throughput: everything queued before the workers start.
  const ids: string[] = [];
  for (let i = 0; i < RUNS; i += 20) ids.push(...(await Promise.all(Array.from({ length: Math.min(20, RUNS - i) }, (_, k) => start(i + k)))).map((r) => r.id));
  // Held back until both workers have started (a worker loads its modules for seconds, using a
  // core the other one would run on), then released at once and announced to every fetch loop.
  // Held by row locks, which the fetch skips: the jobs themselves stay as queued (changing them
  // would change the statistics the fetch is planned with).
  const gate = new pg.Client({ connectionString: env.DATABASE_URL });
  await gate.connect();
  await gate.query("BEGIN");
  await gate.query(`SELECT id FROM pgboss.job WHERE name = 'runs' AND state = 'created' FOR UPDATE`);
  const workers = await Promise.all([1, 2].map((i) => spawnProc(`worker-${i}`, ["worker/main.ts"], env)));
  children.push(...workers);
  await gate.query("COMMIT");
  await gate.end();
  await db.$executeRaw`SELECT pg_notify(${RUN_WAKE_CHANNEL}, 'bench-' || n) FROM generate_series(1, 8) n`;
  for (;;) {
    const done = await db.run.count({ where: { id: { in: ids }, status: { in: ["succeeded", "failed"] } } });
    if (done >= RUNS) break;
    await sleep(200);
  }
  const failed = await db.run.findMany({ where: { id: { in: ids }, status: "failed" }, select: { error: true } });
  if (failed.length) throw new Error(`${failed.length} bench runs failed, e.g. ${JSON.stringify(failed[0].error)}`);
  // From the first run job started (as for the raw chains) to the last run finished.
  const [{ first }] = await db.$queryRaw<{ first: Date }[]>`SELECT min(started_on) AS first FROM pgboss.job WHERE name = 'runs'`;
  const span = await db.run.aggregate({ where: { id: { in: ids } }, _max: { finishedAt: true } });
  const runsPerSecond = RUNS / ((span._max.finishedAt!.getTime() - first.getTime()) / 1000);
  const loaded = await stepGaps(ids);

  // Latency: one run at a time on warm, idle workers.
  const lat: string[] = [];
  for (let i = 0; i < LATENCY_RUNS; i++) {
    lat.push((await start(i)).id);
    await sleep(50);
  }
  for (;;) {
    if ((await db.run.count({ where: { id: { in: lat }, status: "succeeded" } })) >= LATENCY_RUNS) break;
    await sleep(100);
  }
  const runs = await db.run.findMany({ where: { id: { in: lat } }, select: { id: true, createdAt: true } });
  const firstSteps = await db.runStep.findMany({ where: { runId: { in: lat }, nodeId: "trigger" }, select: { runId: true, startedAt: true } });
  const created = new Map(runs.map((r) => [r.id, r.createdAt.getTime()]));
  const trigger = firstSteps.map((s) => s.startedAt.getTime() - created.get(s.runId)!);
  const idle = await stepGaps(lat);
  await stopBoss({ graceful: false });
  return {
    runsPerSecond,
    triggerP50: pct(trigger, 50),
    triggerP95: pct(trigger, 95),
    stepP50: pct(idle, 50),
    stepP95: pct(idle, 95),
    loadedStepP50: pct(loaded, 50),
  };
}

/** Time from one step's end to the next step's start, within each run (ms). */
async function stepGaps(runIds: string[]): Promise<number[]> {
  const { db } = await import("../lib/db/client");
  const steps = await db.runStep.findMany({ where: { runId: { in: runIds } }, orderBy: [{ runId: "asc" }, { seq: "asc" }], select: { runId: true, startedAt: true, finishedAt: true } });
  const gaps: number[] = [];
  for (let i = 1; i < steps.length; i++) {
    if (steps[i].runId === steps[i - 1].runId) gaps.push(steps[i].startedAt.getTime() - steps[i - 1].finishedAt!.getTime());
  }
  return gaps;
}

main().catch((err: unknown) => {
  console.error(`bench:runs failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
