// `npm run bench:inbound`: what acknowledging a signed inbound webhook costs, as ratios measured
// in one run against one `next start` (production build) on its own embedded PostgreSQL
// (.data/pg-bench-inbound, port BENCH_INBOUND_PG_PORT or 54443, fsync off):
//   - inbound: POST /v1/inbound/{subscriptionId}, a distinct body per request, signed with the
//              subscription's secret and its automation token (the inbound limit raised out of
//              reach), answered 202;
//   - trivial: GET /.well-known/security.txt from the same build (no database, no auth).
// autocannon drives both in interleaved rounds (BENCH_INBOUND_ROUNDS, 3, of
// BENCH_INBOUND_SECONDS, 5, per target) at c=1 (p50/p99 of the acknowledgement, goal p99 ≤ 10 ms)
// and c=16 (requests/s, inbound/trivial, goal ≥ 0.5).
// Then admission under a burst: BURST deliveries at c=16 to a workspace holding $4.83 — how many
// are refused with 402 while its balance is positive (goal 0).
// It also counts the PostgreSQL transactions of 500 deliveries (each statement on this path is its own).
// No worker runs: accepted deliveries stay queued. The build is handled as in bench/api.ts
// (BENCH_API_REUSE_BUILD=1 takes .next as it is).
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { signInbound } from "../lib/webhooks/inbound-signature";
import { recordGoal } from "./goals";
import { transactionsPerRequest } from "./transactions";
import { root, withBenchWebApp } from "./web-app";

process.chdir(root);
const SECONDS = Number(process.env.BENCH_INBOUND_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_INBOUND_ROUNDS ?? 3);
const BURST = Number(process.env.BENCH_INBOUND_BURST ?? 300);
const PG_DIR = ".data/pg-bench-inbound";
const DB = "bench_inbound";
const GOALS = { ratio: 0.5, p99Ms: 10 };

type Sub = { id: string; signingSecret: string; token: string };
type Target = { name: "inbound" | "trivial"; url: string; expect: number; request?: () => autocannon.Request };
type Sample = { requests: number; seconds: number; latencies: number[]; bad: number; statuses: Map<number, number> };

/** A workspace holding `credits`, its owner's token, and the published hello workflow. */
async function seedWorkspace(credits: bigint) {
  const { createTestUser } = await import("../test/factories/users");
  const { createTestWorkspace } = await import("../test/factories/tenancy");
  const { createTestToken } = await import("../test/factories/tokens");
  const { createTestWorkflow } = await import("../test/factories/workflows");
  const { db } = await import("../lib/db/client");
  const { user } = await createTestUser({ password: null });
  const { workspace, project } = await createTestWorkspace({ ownerId: user.id });
  const { token } = await createTestToken({ userId: user.id, workspaceId: workspace.id });
  const { workflow } = await createTestWorkflow({ workspaceId: workspace.id, projectId: project.id, createdById: user.id });
  await setCredits(workspace.id, credits);
  return { db, token, workspace, project, workflow };
}

/** Moves the balance to exactly `credits` with one admin adjustment. */
async function setCredits(workspaceId: string, credits: bigint): Promise<void> {
  const { db } = await import("../lib/db/client");
  const { appendLedgerEntry, getBalance } = await import("../lib/billing/credits");
  const { balance } = await getBalance(workspaceId);
  if (balance === credits) return;
  await db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId, kind: "adjustment", amount: credits - balance, sourceType: "admin", sourceId: `bench-${randomBytes(6).toString("hex")}` }));
}

async function createSubscription(origin: string, w: Awaited<ReturnType<typeof seedWorkspace>>): Promise<Sub> {
  const res = await fetch(`${origin}/v1/workflows/${w.workflow.id}/inbound`, {
    method: "POST",
    headers: { authorization: `Bearer ${w.token}`, "x-tenant-id": w.workspace.slug, "x-project-id": w.project.slug, "content-type": "application/json" },
    body: JSON.stringify({ name: "bench" }),
  });
  if (res.status !== 201) throw new Error(`create subscription: ${res.status} ${await res.text()}`);
  return (await res.json()) as Sub;
}

let counter = 0;
/** A distinct signed body per request (the hello workflow's input requires `name`). */
function signedRequest(sub: Sub): autocannon.Request {
  const body = JSON.stringify({ name: "Ada", n: ++counter, nonce: randomBytes(4).toString("hex") });
  return {
    method: "POST",
    path: `/v1/inbound/${sub.id}`,
    body,
    headers: { "content-type": "application/json", authorization: `Bearer ${sub.token}`, "x-agentruntime-signature": signInbound(sub.signingSecret, body) },
  };
}

function cannon(origin: string, target: Target, connections: number, opts: { seconds?: number; amount?: number }): Promise<Sample> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let bad = 0;
  return new Promise((resolve, reject) => {
    const base = { url: origin, connections, ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }) };
    const requests = target.request ? [{ setupRequest: () => target.request!() }] : [{ method: "GET" as const, path: new URL(target.url).pathname }];
    const instance = autocannon({ ...base, requests }, (err, result) => {
      if (err) return reject(err);
      resolve({ requests: result.requests.total, seconds: result.duration, latencies, bad: bad + result.errors + result.timeouts, statuses });
    });
    instance.on("response", (_client, status, _bytes, ms) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === target.expect) latencies.push(ms);
      else bad++;
    });
  });
}

async function measure(origin: string, targets: Target[], connections: number): Promise<Map<string, Sample>> {
  const pooled = new Map<string, Sample>(targets.map((t) => [t.name, { requests: 0, seconds: 0, latencies: [], bad: 0, statuses: new Map() }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const t of round % 2 ? [...targets].reverse() : targets) {
      const s = await cannon(origin, t, connections, { seconds: SECONDS });
      const p = pooled.get(t.name)!;
      p.requests += s.requests;
      p.seconds += s.seconds;
      p.latencies.push(...s.latencies);
      p.bad += s.bad;
      for (const [k, v] of s.statuses) p.statuses.set(k, (p.statuses.get(k) ?? 0) + v);
    }
  }
  return pooled;
}

const pct = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN;
const rps = (s: Sample) => s.requests / s.seconds;
const statusText = (s: Sample) => [...s.statuses].map(([k, v]) => `${k}×${v}`).join(" ");

function report(c1: Map<string, Sample>, c16: Map<string, Sample>, burst: Sample, transactions: number): boolean {
  const [in1, triv1, in16, triv16] = [c1.get("inbound")!, c1.get("trivial")!, c16.get("inbound")!, c16.get("trivial")!];
  const ratio1 = rps(in1) / rps(triv1);
  const ratio16 = rps(in16) / rps(triv16);
  const p99 = pct(in1.latencies, 0.99);
  const refused = burst.statuses.get(402) ?? 0;
  const row = (cells: string[]) => console.log(cells.map((c, i) => (i ? c.padStart(14) : c.padEnd(34))).join(""));
  console.log(`\nbench:inbound — signed POST /v1/inbound/{id} → 202 vs GET /.well-known/security.txt, one next start, ${ROUNDS} interleaved rounds × ${SECONDS} s`);
  row(["", "inbound", "trivial", "ratio", "goal"]);
  row(["c=1   req/s", rps(in1).toFixed(0), rps(triv1).toFixed(0), ratio1.toFixed(3), ""]);
  row(["c=1   p50 ms", pct(in1.latencies, 0.5).toFixed(2), pct(triv1.latencies, 0.5).toFixed(2), "", ""]);
  row(["c=1   p99 ms", p99.toFixed(2), pct(triv1.latencies, 0.99).toFixed(2), "", `≤ ${GOALS.p99Ms} ms ${p99 <= GOALS.p99Ms ? "met" : "NOT MET"}`]);
  row(["c=16  req/s", rps(in16).toFixed(0), rps(triv16).toFixed(0), ratio16.toFixed(3), `≥ ${GOALS.ratio} ${ratio16 >= GOALS.ratio ? "met" : "NOT MET"}`]);
  row(["c=16  p50 ms", pct(in16.latencies, 0.5).toFixed(2), pct(triv16.latencies, 0.5).toFixed(2), "", ""]);
  row(["c=16  p99 ms", pct(in16.latencies, 0.99).toFixed(2), pct(triv16.latencies, 0.99).toFixed(2), "", ""]);
  row(["PostgreSQL transactions / delivery", transactions.toFixed(2), "0", "", ""]);
  console.log(`burst: ${BURST} deliveries at c=16 to a workspace holding $4.83 → ${statusText(burst)} (goal: 0 × 402)`);
  recordGoal({ bench: "inbound", measure: "signed delivery ack p99, c=1", result: `${p99.toFixed(2)} ms`, goal: `≤ ${GOALS.p99Ms} ms`, met: p99 <= GOALS.p99Ms });
  recordGoal({ bench: "inbound", measure: "signed delivery / trivial route req/s, c=16", result: ratio16.toFixed(3), goal: `≥ ${GOALS.ratio}`, met: ratio16 >= GOALS.ratio });
  recordGoal({ bench: "inbound", measure: `402s in a burst of ${BURST} with $4.83`, result: String(refused), goal: "0", met: refused === 0 });
  const bad = [in1, triv1, in16, triv16].reduce((n, s) => n + s.bad, 0);
  if (bad) console.log(`${bad} responses were not the expected status (or failed): ${statusText(in1)} / ${statusText(in16)} — the figures above are not valid`);
  return bad === 0;
}

async function main(): Promise<void> {
  await withBenchWebApp({ pgDir: PG_DIR, pgPort: Number(process.env.BENCH_INBOUND_PG_PORT ?? 54443), db: DB, env: { AR_RL_INBOUND_POINTS: "1000000000" } }, async ({ admin, startWeb }) => {
    // Credits far beyond what the timed rounds can hold: they measure the acknowledgement.
    const rich = await seedWorkspace(1_000_000_000_000n);
    const modest = await seedWorkspace(4_830_000n);
    const origin = await startWeb();
    const richSub = await createSubscription(origin, rich);
    const modestSub = await createSubscription(origin, modest);
    const inbound: Target = { name: "inbound", url: `${origin}/v1/inbound/${richSub.id}`, expect: 202, request: () => signedRequest(richSub) };
    const trivial: Target = { name: "trivial", url: `${origin}/.well-known/security.txt`, expect: 200 };

    const probe = signedRequest(richSub);
    const first = await fetch(`${origin}${probe.path}`, { method: "POST", headers: probe.headers as Record<string, string>, body: probe.body as string });
    if (first.status !== 202) throw new Error(`a signed delivery answered ${first.status}: ${await first.text()}`);
    for (const t of [trivial, inbound]) await cannon(origin, t, 4, { seconds: 3 }); // warm-up
    const transactions = await transactionsPerRequest(admin, DB, async () => {
      const req = signedRequest(richSub);
      const res = await fetch(`${origin}${req.path}`, { method: "POST", headers: req.headers as Record<string, string>, body: req.body as string });
      if (res.status !== 202) throw new Error(`a signed delivery answered ${res.status}`);
      await res.arrayBuffer();
    });
    const c1 = await measure(origin, [trivial, inbound], 1);
    const c16 = await measure(origin, [trivial, inbound], 16);
    const burst = await cannon(origin, { name: "inbound", url: "", expect: 202, request: () => signedRequest(modestSub) }, 16, { amount: BURST });
    if (!report(c1, c16, burst, transactions)) process.exitCode = 1;
  });
}

main().catch((err: unknown) => {
  console.error(`bench:inbound failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
