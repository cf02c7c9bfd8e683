// `npm run bench:api`: what authentication, tenancy and the rate limit cost an API request, as
// ratios measured in one run against one `next start` (production build) on its own embedded
// PostgreSQL (.data/pg-bench-api, port BENCH_API_PG_PORT or 54442, fsync off):
//   - api:     PAT-authenticated GET /v1/workflows (10 workflows in the project; the API limits
//              on, set out of reach: their bookkeeping is measured, not their refusals);
//   - trivial: GET /.well-known/security.txt from the same build (no database, no auth), which
//              passes Next's proxy step (proxy.ts) as pages do;
//   - floor:   GET /v1/nowhere, the API's JSON 404: the API's route layer and the server's door
//              (lib/api/api-door.ts), without proxy.ts, credential or database. The API's p50
//              over it is what the credential, tenancy, rate limit and list cost on their own.
// autocannon drives them in interleaved rounds (BENCH_API_ROUNDS, 3, of BENCH_API_SECONDS, 5,
// per target): c=1 → p50 from every response's own time (what the API adds to the trivial
// route, goal ≤ 1 ms); c=32 → requests/s (api/trivial, goal ≥ 0.6). It also counts the
// PostgreSQL transactions one API request costs (each statement on this path is its own).
// The build: `next build` when .next is missing or older than the sources; BENCH_API_REUSE_BUILD=1
// takes .next as it is. BENCH_API_PROF=<dir> writes a CPU profile of the web process.
import path from "node:path";
import autocannon from "autocannon";
import { recordGoal } from "./goals";
import { transactionsPerRequest } from "./transactions";
import { root, withBenchWebApp } from "./web-app";

process.chdir(root);
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_API_ROUNDS ?? 3);
const PG_DIR = ".data/pg-bench-api";
const DB = "bench_api";
const GOALS = { ratio: 0.6, addedMs: 1 };
const WORKFLOWS = 10;

type Target = { name: "api" | "trivial" | "floor"; url: string; headers: Record<string, string>; status: number };
type Sample = { requests: number; seconds: number; latencies: number[]; bad: number };

/** A user owning a workspace, a personal token with every scope, and workflows to list. */
async function seed() {
  const { db } = await import("../lib/db/client");
  const { createTestUser } = await import("../test/factories/users");
  const { createTestWorkspace } = await import("../test/factories/tenancy");
  const { createTestToken } = await import("../test/factories/tokens");
  const { createTestWorkflow } = await import("../test/factories/workflows");
  const { user } = await createTestUser({ password: null });
  const { workspace, project } = await createTestWorkspace({ ownerId: user.id });
  const { token } = await createTestToken({ userId: user.id, workspaceId: workspace.id });
  for (let i = 0; i < WORKFLOWS; i++) await createTestWorkflow({ workspaceId: workspace.id, projectId: project.id, createdById: user.id });
  return { db, token, workspace, project };
}

function cannon(target: Target, connections: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  let bad = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url: target.url, headers: target.headers, connections, duration: seconds }, (err, result) => {
      if (err) return reject(err);
      resolve({ requests: result.requests.total, seconds: result.duration, latencies, bad: bad + result.errors + result.timeouts });
    });
    // autocannon's own histogram keeps whole milliseconds; each response's time is exact.
    instance.on("response", (_client, status, _bytes, ms) => (status === target.status ? latencies.push(ms) : bad++));
  });
}

/** `rounds` interleaved rounds per target; samples pooled per target. */
async function measure(targets: Target[], connections: number): Promise<Map<string, Sample>> {
  const pooled = new Map<string, Sample>(targets.map((t) => [t.name, { requests: 0, seconds: 0, latencies: [], bad: 0 }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const s = await cannon(t, connections, SECONDS);
      const p = pooled.get(t.name)!;
      p.requests += s.requests;
      p.seconds += s.seconds;
      p.latencies.push(...s.latencies);
      p.bad += s.bad;
    }
  }
  return pooled;
}

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const rps = (s: Sample) => s.requests / s.seconds;

/** One API request, checked (the transaction count below is per request). */
async function callApi(api: Target): Promise<void> {
  const res = await fetch(api.url, { headers: api.headers });
  if (res.status !== 200) throw new Error(`GET /v1/workflows answered ${res.status}`);
  await res.arrayBuffer();
}

function report(c1: Map<string, Sample>, c32: Map<string, Sample>, statements: number): boolean {
  const [api1, triv1, floor1, api32, triv32, floor32] = [c1.get("api")!, c1.get("trivial")!, c1.get("floor")!, c32.get("api")!, c32.get("trivial")!, c32.get("floor")!];
  const added = p50(api1.latencies) - p50(triv1.latencies);
  const overFloor = p50(api1.latencies) - p50(floor1.latencies);
  const ratio32 = rps(api32) / rps(triv32);
  const ratio1 = rps(api1) / rps(triv1);
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i ? c.padStart(14) : c.padEnd(34))).join(""));
  console.log(`\nbench:api — GET /v1/workflows (PAT) vs GET /.well-known/security.txt, one next start, ${ROUNDS} interleaved rounds × ${SECONDS} s`);
  console.log("(floor: GET /v1/nowhere, the API's JSON 404: its route layer without credential or database)");
  row(["", "api", "trivial", "floor", "ratio / added", "goal"]);
  row(["c=1   req/s", rps(api1).toFixed(0), rps(triv1).toFixed(0), rps(floor1).toFixed(0), ratio1.toFixed(2), ""]);
  row(["c=1   p50 ms", p50(api1.latencies).toFixed(2), p50(triv1.latencies).toFixed(2), p50(floor1.latencies).toFixed(2), `+${added.toFixed(2)} ms`, `≤ +${GOALS.addedMs} ms ${added <= GOALS.addedMs ? "met" : "NOT MET"}`]);
  row(["c=1   api p50 over the floor", "", "", "", `+${overFloor.toFixed(2)} ms`, ""]);
  row(["c=32  req/s", rps(api32).toFixed(0), rps(triv32).toFixed(0), rps(floor32).toFixed(0), ratio32.toFixed(2), `≥ ${GOALS.ratio} ${ratio32 >= GOALS.ratio ? "met" : "NOT MET"}`]);
  row(["c=32  p50 ms", p50(api32.latencies).toFixed(2), p50(triv32.latencies).toFixed(2), p50(floor32.latencies).toFixed(2), "", ""]);
  row(["PostgreSQL transactions / request", statements.toFixed(2), "0", "0", "", ""]);
  recordGoal({ bench: "api", measure: "GET /v1/workflows added p50, c=1", result: `+${added.toFixed(2)} ms`, goal: `≤ +${GOALS.addedMs} ms`, met: added <= GOALS.addedMs });
  recordGoal({ bench: "api", measure: "GET /v1/workflows / trivial route req/s, c=32", result: ratio32.toFixed(2), goal: `≥ ${GOALS.ratio}`, met: ratio32 >= GOALS.ratio });
  const bad = [api1, triv1, floor1, api32, triv32, floor32].reduce((n, s) => n + s.bad, 0);
  if (bad) console.log(`${bad} responses had another status than expected (or failed): the figures above are not valid`);
  return bad === 0;
}

async function main(): Promise<void> {
  await withBenchWebApp({ pgDir: PG_DIR, pgPort: Number(process.env.BENCH_API_PG_PORT ?? 54442), db: DB }, async ({ admin, env, startWeb }) => {
    const { token, workspace, project } = await seed();
    const webEnv = process.env.BENCH_API_PROF ? { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --cpu-prof --cpu-prof-dir=${path.resolve(process.env.BENCH_API_PROF)}`.trim() } : env;
    const origin = await startWeb(webEnv);
    const api: Target = { name: "api", url: `${origin}/v1/workflows`, headers: { authorization: `Bearer ${token}`, "x-tenant-id": workspace.slug, "x-project-id": project.slug }, status: 200 };
    const trivial: Target = { name: "trivial", url: `${origin}/.well-known/security.txt`, headers: {}, status: 200 };
    const floor: Target = { name: "floor", url: `${origin}/v1/nowhere`, headers: {}, status: 404 };

    const listed = (await (await fetch(api.url, { headers: api.headers })).json()) as { data?: unknown[] };
    if (listed.data?.length !== WORKFLOWS) throw new Error(`GET /v1/workflows listed ${listed.data?.length} workflows, not ${WORKFLOWS}`);
    for (const t of [trivial, floor, api]) await cannon(t, 8, 3); // warm-up: JIT, pools, prepared statements
    const statements = await transactionsPerRequest(admin, DB, () => callApi(api));
    const c1 = await measure([trivial, floor, api], 1);
    const c32 = await measure([trivial, floor, api], 32);
    if (!report(c1, c32, statements)) process.exitCode = 1;
  });
}

main().catch((err: unknown) => {
  console.error(`bench:api failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
