// `npm run bench:scale`: the Command Center's reads and the live paths at scale, on its own
// embedded PostgreSQL (.data/pg-bench-scale, port BENCH_SCALE_PG_PORT or 54452, fsync off).
// Seeds one project with SCALE_RUNS (100,000) runs, 3 steps and 10 events each (1,000,000
// events), and one running 200-step run, beside another tenant's SCALE_OTHER_RUNS (100,000)
// runs over the same days (bench/scale-seed.ts), then measures through the real
// route handlers, called in process with a PAT as the API tests do (SCALE_ITERATIONS, 40, per
// query after 3 warm-ups):
//   - GET /v1/runs: first page and a deep cursor page (90 % down), unfiltered and filtered by
//     status, workflow, and both (one combination that matches nothing: the worst case);
//   - GET /v1/runs/stats: the default 24 h, 30 days daily, and 30 days of one workflow;
//   - GET /v1/runs/{id}/steps of the 200-step run;
// then the live paths (bench/scale-live.ts): SSE commit → client with 50 clients, and webhook
// event → first delivery attempt. EXPLAIN (ANALYZE) of the key queries is printed at the end.
// Goals: list and stats p95 ≤ 300 ms, SSE p99 ≤ 500 ms, event → first attempt p50 ≤ 50 ms.
import { randomBytes } from "node:crypto";
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres } from "../scripts/launcher/embedded-postgres";
import { SCALE_DAYS, seedBigRun, seedOtherTenantRuns, seedRuns } from "./scale-seed";
import { measureSse, measureWebhooks } from "./scale-live";
import { explainKeyQueries } from "./scale-explain";
import { compactSeed, compareWithRaw, explainStats, triggerOverhead } from "./scale-rollup";
import { recordGoal } from "./goals";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
const RUNS = Number(process.env.SCALE_RUNS ?? 100_000);
const OTHER_RUNS = Number(process.env.SCALE_OTHER_RUNS ?? 100_000);
const ITERATIONS = Number(process.env.SCALE_ITERATIONS ?? 40);
const SSE_CLIENTS = Number(process.env.SCALE_SSE_CLIENTS ?? 50);
const SSE_COMMITS = Number(process.env.SCALE_SSE_COMMITS ?? 100);
const PG_DIR = ".data/pg-bench-scale";

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function migrate(url: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"], { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: "ignore" });
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`migrate deploy failed (${code})`))));
  });
}

/** The tenant, its PAT, 10 published workflows; another tenant with one. */
async function seedTenants() {
  const { createTestUser } = await import("../test/factories/users");
  const { createTestWorkspace } = await import("../test/factories/tenancy");
  const { createTestToken, bearer } = await import("../test/factories/tokens");
  const { createTestWorkflow } = await import("../test/factories/workflows");
  const { user } = await createTestUser({ password: null });
  const { workspace, project } = await createTestWorkspace({ ownerId: user.id });
  const { token } = await createTestToken({ userId: user.id, workspaceId: workspace.id });
  const workflows = [];
  for (let i = 0; i < 10; i++) workflows.push(await createTestWorkflow({ workspaceId: workspace.id, projectId: project.id, slug: `wf-${i}` }));
  const other = await createTestWorkspace({ ownerId: user.id });
  const otherWorkflow = await createTestWorkflow({ workspaceId: other.workspace.id, projectId: other.project.id });
  const others = { workspaceId: other.workspace.id, projectId: other.project.id, workflowIds: [otherWorkflow.workflow.id], versionIds: [otherWorkflow.version!.id] };
  return {
    others,
    workspaceId: workspace.id,
    projectId: project.id,
    workflowIds: workflows.map((w) => w.workflow.id),
    versionIds: workflows.map((w) => w.version!.id),
    headers: { ...bearer(token), "x-tenant-id": workspace.slug, "x-project-id": project.slug },
  };
}

async function timeRoute(handler: Handler, pathname: string, query: Record<string, string>, headers: Record<string, string>, params: Record<string, string> = {}) {
  const url = new URL(`http://localhost${pathname}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < ITERATIONS + 3; i++) {
    const t0 = performance.now();
    const res = await handler(new Request(url, { headers }), { params: Promise.resolve(params) });
    const body = await res.text();
    const took = performance.now() - t0;
    if (res.status !== 200) throw new Error(`${pathname}?${url.searchParams}: ${res.status} ${body.slice(0, 300)}`);
    if (i >= 3) times.push(took);
    const json = JSON.parse(body) as { data?: unknown[]; steps?: unknown[]; totals?: { runs: number } };
    size = json.data?.length ?? json.steps?.length ?? json.totals?.runs ?? 0;
  }
  return { p50: pct(times, 50), p95: pct(times, 95), size };
}

async function main(): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir: PG_DIR, port: Number(process.env.BENCH_SCALE_PG_PORT ?? 54452), database: "postgres", ephemeral: true, log: () => {} });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS bench_scale WITH (FORCE)");
  await admin.query("CREATE DATABASE bench_scale");
  // SCALE_LOG_SQL=1: every statement with its duration in .data/pg-bench-scale/server.log.
  if (process.env.SCALE_LOG_SQL === "1") await admin.query("ALTER DATABASE bench_scale SET log_min_duration_statement = 0");
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = "/bench_scale";
  Object.assign(process.env, {
    DATABASE_URL: url.toString(),
    NODE_ENV: "production",
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    AGENTRUNTIME_MASTER_KEYS: `v1:${randomBytes(32).toString("base64")}`,
    // The API's per-credential limits are measured elsewhere; here they must not throttle.
    AR_RL_API_POINTS: "1000000000",
    AR_RL_API_USER_POINTS: "1000000000",
    AR_RL_API_WORKSPACE_POINTS: "1000000000",
  });
  const sql = new pg.Client({ connectionString: url.toString() });
  let disconnect = async () => {};
  try {
    await migrate(url.toString());
    const { db } = await import("../lib/db/client");
    disconnect = () => db.$disconnect();
    const t = await seedTenants();
    await sql.connect();
    const t0 = performance.now();
    await seedOtherTenantRuns(sql, t.others, OTHER_RUNS);
    const took = await seedRuns(sql, t, RUNS);
    const bigRunId = (await import("../lib/core/ids")).newId("run");
    await seedBigRun(sql, t, bigRunId);
    const counts = (await sql.query<{ runs: number; steps: number; events: number }>(`SELECT (SELECT count(*) FROM "Run" WHERE "projectId" = $1)::int AS runs, (SELECT count(*) FROM "RunStep")::int AS steps, (SELECT count(*) FROM "RunEvent")::int AS events`, [t.projectId])).rows[0];
    console.log(`seeded ${counts.runs} runs (and ${OTHER_RUNS} of another tenant), ${counts.steps} steps, ${counts.events} events over ${SCALE_DAYS} days in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Object.entries(took).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(", ")})`);
    // What the worker's compaction (every 5 s) would have done while the runs came in.
    console.log(await compactSeed(sql));

    if (process.env.SCALE_HOLD === "1") {
      // For inspection (psql, EXPLAIN): the seeded database stays up until Ctrl-C.
      console.log(`holding ${url.toString()} (Ctrl-C ends)`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      return;
    }
    const { GET: list } = await import("../app/v1/runs/route");
    const { GET: stats } = await import("../app/v1/runs/stats/route");
    const { GET: steps } = await import("../app/v1/runs/[id]/steps/route");
    const deep = (await sql.query<{ id: string }>(`SELECT id FROM "Run" WHERE "projectId" = $1 ORDER BY id DESC OFFSET $2 LIMIT 1`, [t.projectId, Math.floor(RUNS * 0.9)])).rows[0].id;
    const now = Date.now();
    const month = { from: new Date(now - SCALE_DAYS * 86_400_000).toISOString(), to: new Date(now).toISOString(), bucket: "day" };
    const rows: [string, Handler, string, Record<string, string>, Record<string, string>?][] = [
      ["runs, first page", list as Handler, "/v1/runs", {}],
      ["runs, first page, status=failed", list as Handler, "/v1/runs", { status: "failed" }],
      ["runs, first page, workflow=wf-1", list as Handler, "/v1/runs", { workflow: "wf-1" }],
      ["runs, first page, workflow=wf-1&status=failed", list as Handler, "/v1/runs", { workflow: "wf-1", status: "failed" }],
      ["runs, deep cursor (90 %)", list as Handler, "/v1/runs", { cursor: deep }],
      ["runs, deep cursor, status=failed", list as Handler, "/v1/runs", { cursor: deep, status: "failed" }],
      ["runs, deep cursor, workflow=wf-0&status=succeeded", list as Handler, "/v1/runs", { cursor: deep, workflow: "wf-0", status: "succeeded" }],
      ["runs, workflow=wf-1&status=canceled (no match)", list as Handler, "/v1/runs", { workflow: "wf-1", status: "canceled" }],
      ["stats, default (24 h, hourly)", stats as Handler, "/v1/runs/stats", {}],
      ["stats, 30 days, daily", stats as Handler, "/v1/runs/stats", month],
      ["stats, 30 days, workflow=wf-0", stats as Handler, "/v1/runs/stats", { ...month, workflow: "wf-0" }],
      ["steps of the 200-step run", steps as Handler, `/v1/runs/${bigRunId}/steps`, {}, { id: bigRunId }],
    ];
    console.log(`\n| GET (${ITERATIONS} calls each, in process, PAT) | p50 | p95 | rows |\n|---|---|---|---|`);
    const p95s: Record<string, number> = {};
    for (const [name, handler, pathname, query, params] of rows) {
      const r = await timeRoute(handler, pathname, query, t.headers, params);
      p95s[name] = r.p95;
      console.log(`| ${name} | ${ms(r.p50)} | ${ms(r.p95)} | ${r.size} |`);
    }

    const scope = { workspace: { id: t.workspaceId }, project: { id: t.projectId } };
    console.log("");
    for (const line of await compareWithRaw(scope, rows.filter(([n]) => n.startsWith("stats")).map(([n, , , q]) => [n.replace("stats, ", ""), q]), Math.min(ITERATIONS, 20))) console.log(line);
    console.log(await triggerOverhead(sql, t.projectId));

    const sse = await measureSse(t, bigRunId, SSE_CLIENTS, SSE_COMMITS);
    console.log(`\nSSE, ${SSE_CLIENTS} clients × ${SSE_COMMITS} step commits: commit → client p50 ${ms(pct(sse.latencies, 50))}, p99 ${ms(pct(sse.latencies, 99))}, max ${ms(Math.max(...sse.latencies))}; ${sse.missing} missing`);
    const hooks = await measureWebhooks(t, Number(process.env.SCALE_WEBHOOK_EVENTS ?? 100), Number(process.env.SCALE_WEBHOOK_SWEEP_EVENTS ?? 20));
    console.log(`webhooks, event → first attempt received: dispatch at the commit p50 ${ms(pct(hooks.dispatch, 50))}, p95 ${ms(pct(hooks.dispatch, 95))} (${hooks.dispatch.length}); 2 s sweep alone p50 ${ms(pct(hooks.sweepOnly, 50))}, p95 ${ms(pct(hooks.sweepOnly, 95))} (${hooks.sweepOnly.length}); ${hooks.lost} lost`);

    console.log("\nEXPLAIN (ANALYZE) of the key queries:");
    for (const line of await explainKeyQueries(sql, { ...t, deep, bigRunId })) console.log(`  ${line}`);
    for (const line of await explainStats(sql, scope, month)) console.log(`  ${line}`);

    const listP95 = Math.max(...Object.entries(p95s).filter(([k]) => k.startsWith("runs")).map(([, v]) => v));
    const statsP95 = Math.max(...Object.entries(p95s).filter(([k]) => k.startsWith("stats")).map(([, v]) => v));
    const goal = (ok: boolean) => (ok ? "met" : "not met");
    console.log(`\n| Goal | Result |\n|---|---|`);
    console.log(`| list p95 ≤ 300 ms (worst query) | ${ms(listP95)} (${goal(listP95 <= 300)}) |`);
    console.log(`| stats p95 ≤ 300 ms (worst query) | ${ms(statsP95)} (${goal(statsP95 <= 300)}) |`);
    console.log(`| SSE commit → client p99 ≤ 500 ms, ${SSE_CLIENTS} clients | ${ms(pct(sse.latencies, 99))} (${goal(pct(sse.latencies, 99) <= 500 && sse.missing === 0)}) |`);
    console.log(`| event → first delivery attempt p50 ≤ 50 ms | ${ms(pct(hooks.dispatch, 50))} (${goal(pct(hooks.dispatch, 50) <= 50 && hooks.lost === 0)}) |`);
    recordGoal({ bench: "scale", measure: "GET /v1/runs p95 (worst query, 100k runs)", result: ms(listP95), goal: "≤ 300 ms", met: listP95 <= 300 });
    recordGoal({ bench: "scale", measure: "GET /v1/runs/stats p95 (worst query)", result: ms(statsP95), goal: "≤ 300 ms", met: statsP95 <= 300 });
    recordGoal({ bench: "scale", measure: `SSE commit → client p99, ${SSE_CLIENTS} clients`, result: ms(pct(sse.latencies, 99)), goal: "≤ 500 ms", met: pct(sse.latencies, 99) <= 500 && sse.missing === 0 });
    recordGoal({ bench: "scale", measure: "event → first delivery attempt p50", result: ms(pct(hooks.dispatch, 50)), goal: "≤ 50 ms", met: pct(hooks.dispatch, 50) <= 50 && hooks.lost === 0 });
  } finally {
    await sql.end().catch(() => undefined);
    await disconnect();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
