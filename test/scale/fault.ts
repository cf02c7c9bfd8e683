// `npm run test:scale`: the multi-process fault test (issue 16 §5). On its own embedded
// PostgreSQL (.data/fault/pg, port FAULT_PG_PORT or 54700, fsync off) it starts 2 web + 2 gateway
// + 3 worker processes, a round-robin balancer in front of the webs (FAULT_PORT_BASE, 4700) and
// one in front of the gateways (4701), drives a steady mix of run starts, inbound deliveries,
// API reads, LLM and tool calls, and meanwhile kills -9 one process of each kind in turn (each
// restarted after a short pause, as an orchestrator would), then SIGTERMs one of each kind
// (restarted the same way). Afterwards it checks the invariants (test/scale/checks.ts) and that
// no request failed except those in flight on a killed process. Exit code 0 only if all hold.
// Process logs: .data/fault/logs.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../../scripts/launcher/embedded-postgres";
import { buildIsStale } from "../../scripts/launcher/build-freshness";
import { generatePlatformKeyPem } from "../../lib/platform-keys/parse-key";
import { Balancer } from "./balancer";
import { Cluster, sleep, type Member } from "./cluster";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
process.chdir(root);
const BASE = Number(process.env.FAULT_PORT_BASE ?? 4700);
const PG_PORT = Number(process.env.FAULT_PG_PORT ?? 54700);
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 10);
const PAUSE_MS = Number(process.env.FAULT_RESTART_PAUSE_MS ?? 2000);
const SETTLE_MS = Number(process.env.FAULT_SETTLE_MS ?? 4000);
const WORKER_SHUTDOWN_MS = 10_000;
const DATA = ".data/fault";
const t0 = Date.now();
const log = (msg: string) => console.log(`[fault ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

/** A one-shot command; its output is shown only when it fails. */
function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    c.stdout.on("data", (d) => (output += d));
    c.stderr.on("data", (d) => (output += d));
    c.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}):\n${output.slice(-5000)}`))));
  });
}

async function freshDatabase(server: RunningPostgres): Promise<string> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS fault WITH (FORCE)");
  await admin.query("CREATE DATABASE fault");
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = "/fault";
  return url.toString();
}

// 7 processes with the default pools (Prisma 10 each; a gateway's two own pools of 8; pg-boss 3
// in a web, 8 in a worker; a few single connections) want ~140 connections: PostgreSQL's default
// of 100 answers "too many clients already" (seen as 500s). Production sizes max_connections
// (or a pooler) to its process count the same way.
const MAX_CONNECTIONS = 300;

async function startPostgres(): Promise<RunningPostgres> {
  const opts = { dataDir: `${DATA}/pg`, port: PG_PORT, database: "postgres", ephemeral: true, log };
  const first = await startEmbeddedPostgres(opts);
  const admin = new pg.Client({ connectionString: first.adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ max_connections: string }>("SHOW max_connections");
  if (Number(rows[0].max_connections) >= MAX_CONNECTIONS) return (await admin.end(), first);
  await admin.query(`ALTER SYSTEM SET max_connections = ${MAX_CONNECTIONS}`);
  await admin.end();
  await first.stop(); // max_connections takes a restart
  return startEmbeddedPostgres(opts);
}

async function main(): Promise<number> {
  const server = await startPostgres();
  let cluster: Cluster | undefined;
  // Interrupted (Ctrl-C): the processes lead their own groups and would outlive this one.
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping the processes and PostgreSQL`);
      void (cluster?.stopAll() ?? Promise.resolve()).then(() => server.stop()).finally(() => process.exit(130));
    });
  }
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const databaseUrl = await freshDatabase(server);
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      NODE_ENV: "production",
      // Local mode: mail goes to the development outbox (nothing here sends any).
      AGENTRUNTIME_LOCAL_MODE: "1",
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      AGENTRUNTIME_MASTER_KEYS: `v1:${randomBytes(32).toString("base64")}`,
      PLATFORM_SIGNING_KEY: generatePlatformKeyPem(),
      APP_URL: `http://127.0.0.1:${BASE}`,
      NEXT_TELEMETRY_DISABLED: "1",
      EGRESS_ALLOWED_HOSTS: "127.0.0.1",
      PLATFORM_OPENAI_API_KEY: "sk-fault-platform",
      LOG_LEVEL: "info",
      // The limits are tested elsewhere; here they must not throttle the mix.
      AR_RL_API_POINTS: "1000000",
      AR_RL_API_USER_POINTS: "1000000",
      AR_RL_API_WORKSPACE_POINTS: "1000000",
      AR_RL_INBOUND_POINTS: "1000000",
      GATEWAY_TOOL_CALLS_PER_MINUTE_PER_AGENT: "1000000",
      GATEWAY_TOOL_CALLS_PER_MINUTE: "1000000",
      // The engine crash test's timings: a lost worker's runs are handed over within seconds.
      RUN_HEARTBEAT_SECONDS: "10",
      BOSS_SUPERVISE_SECONDS: "1",
      BOSS_MONITOR_SECONDS: "1",
      MAINTENANCE_INTERVAL_MS: "2000",
      WORKER_SHUTDOWN_TIMEOUT_MS: String(WORKER_SHUTDOWN_MS),
    };
    Object.assign(process.env, env);
    log("migrating");
    await run("migrate", [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"]);
    if (buildIsStale()) {
      log("building the app (.next is missing or older than the sources)");
      await run("next build", [path.join(root, "node_modules/next/dist/bin/next"), "build"]);
    } else log("build is up to date");

    // Imported now: these modules read DATABASE_URL.
    const { startFakeUpstream } = await import("../support/fake-upstream");
    const { startFakeOpenAI } = await import("../support/fake-llm");
    const { seedWorld } = await import("./seed");
    const { Traffic } = await import("./traffic");
    const { runChecks, waitTerminal, countBy } = await import("./checks");
    const { db } = await import("@/lib/db/client");
    closers.push(() => db.$disconnect());

    const upstream = await startFakeUpstream({ port: BASE + 30 });
    closers.push(upstream.close);
    const llm = await startFakeOpenAI({ apiKey: "sk-fault-platform", chunks: 6, chunkDelayMs: 40 });
    closers.push(llm.close);
    env.OPENAI_BASE_URL = llm.baseURL;
    const world = await seedWorld(upstream.url);

    cluster = new Cluster(root, { ...(process.env as Record<string, string>), ...env }, `${DATA}/logs`);
    const webs = [cluster.add("web", "web-1", BASE + 10), cluster.add("web", "web-2", BASE + 11)];
    const gateways = [cluster.add("gateway", "gateway-1", BASE + 20), cluster.add("gateway", "gateway-2", BASE + 21)];
    const workers = [cluster.add("worker", "worker-1"), cluster.add("worker", "worker-2"), cluster.add("worker", "worker-3")];
    log("starting 2 web, 2 gateway, 3 worker processes");
    const startTimes = await Promise.all(cluster.members.map((m) => cluster!.start(m)));
    log(`all ready (${cluster.members.map((m, i) => `${m.name} ${startTimes[i]} ms`).join(", ")})`);
    const webLb = new Balancer("web", webs.map((m) => m.backend!));
    const gwLb = new Balancer("gateway", gateways.map((m) => m.backend!));
    await webLb.listen(BASE);
    await gwLb.listen(BASE + 1);
    closers.push(() => webLb.close(), () => gwLb.close());

    const created = await fetch(`${webLb.url}/v1/workflows/${world.workflowId}/inbound`, { method: "POST", headers: { ...world.headers, "content-type": "application/json" }, body: JSON.stringify({ name: "fault" }) });
    if (created.status !== 201) throw new Error(`creating the inbound subscription: ${created.status} ${await created.text()}`);
    const inbound = (await created.json()) as { url: string; token: string; signingSecret: string };

    // Traffic runs until the fault schedule is over; the faults start once it is steady.
    const traffic = new Traffic(webLb.url, gwLb.url, world, inbound);
    const kills: { kind: string; instance: string; at: number; restartMs: number }[] = [];
    const terms: { kind: string; instance: string; at: number; drainMs: number; code: number | null; signal: string | null; restartMs: number }[] = [];
    // A fault lands while the process is busy: a web or gateway with a request in flight (up to 5 s).
    const busy = async (m: Member) => {
      const lb = m.kind === "web" ? webLb : m.kind === "gateway" ? gwLb : null;
      for (let i = 0; lb && i < 100 && lb.inFlight(`${m.name}#${m.generation}`) === 0; i++) await sleep(50);
    };
    let faultsDone = false;
    const driving = traffic.drive(() => faultsDone, CONCURRENCY);
    const faults = (async () => {
      await sleep(SETTLE_MS);
      for (const m of [webs[0], gateways[0], workers[0]]) {
        const instance = `${m.name}#${m.generation}`;
        await busy(m);
        const at = Date.now();
        cluster!.kill(m);
        log(`kill -9 ${instance}`);
        await cluster!.waitGone(m);
        await sleep(PAUSE_MS);
        const restartMs = await cluster!.start(m);
        log(`${m.name} restarted (ready in ${restartMs} ms)`);
        kills.push({ kind: m.kind, instance, at, restartMs });
        await sleep(SETTLE_MS);
      }
      for (const m of [webs[1], gateways[1], workers[1]]) {
        const instance = `${m.name}#${m.generation}`;
        await busy(m);
        const at = Date.now();
        log(`SIGTERM ${instance}`);
        const exit = await cluster!.terminate(m);
        log(`${instance} exited (${exit.signal ?? `code ${exit.code}`}) after ${exit.ms} ms`);
        await sleep(PAUSE_MS);
        const restartMs = await cluster!.start(m);
        log(`${m.name} restarted (ready in ${restartMs} ms)`);
        terms.push({ kind: m.kind, instance, at, drainMs: exit.ms, code: exit.code, signal: exit.signal, restartMs });
        await sleep(SETTLE_MS);
      }
    })().finally(() => (faultsDone = true));
    await Promise.all([driving, faults]);
    log(`traffic stopped: ${traffic.attempts.length} requests`);

    const runIds = [...traffic.accepted.values()];
    const waited = await waitTerminal(runIds, 120_000);
    log(`runs settled in ${waited.ms} ms (${waited.pending} still open)`);

    // Failures: each must have been in flight on an instance killed with -9.
    const served = new Map([...webLb.served, ...gwLb.served]);
    const killed = new Set(kills.map((k) => k.instance));
    const failed = traffic.attempts.filter((a) => !a.ok);
    const excused = new Map<string, number>();
    const unexcused: string[] = [];
    for (const a of failed) {
      const s = served.get(a.id);
      if (s?.backend && killed.has(s.backend) && s.error) excused.set(s.backend, (excused.get(s.backend) ?? 0) + 1);
      else unexcused.push(`${a.kind} ${a.id} via ${s?.backend ?? "?"}: ${a.error}${s?.error ? ` [lb: ${s.error}]` : ""}`);
    }

    const checks = await runChecks(world, traffic, upstream, kills);
    checks.push({ name: "no failed request except those in flight on a killed process", ok: unexcused.length === 0, detail: `${failed.length} failed of ${traffic.attempts.length}; in flight on the killed process: ${kills.map((k) => `${k.instance} ${excused.get(k.instance) ?? 0}`).join(", ")}; elsewhere ${unexcused.length}${unexcused.length ? `:\n      ${unexcused.slice(0, 15).join("\n      ")}` : ""}` });
    // A worker exits within WORKER_SHUTDOWN_TIMEOUT_MS (10 s here), plus a second for the process to go.
    const withinBudget = (t: (typeof terms)[number]) => t.kind !== "worker" || t.drainMs <= WORKER_SHUTDOWN_MS + 1_000;
    const termOk = terms.every((t) => (t.code === 0 || (t.kind === "web" && t.signal === null && t.code === 143)) && withinBudget(t));
    checks.push({ name: "SIGTERM drains cleanly (a worker within WORKER_SHUTDOWN_TIMEOUT_MS)", ok: termOk, detail: terms.map((t) => `${t.instance} exited ${t.signal ?? t.code} after ${t.drainMs} ms`).join(", ") });

    const recovery = await workerRecovery(db, kills.filter((k) => k.kind === "worker").map((k) => k.at), runIds);
    console.log("\n=== fault test report ===");
    console.log(`requests by kind: ${JSON.stringify(countBy(traffic.attempts, (a) => a.kind))} (retries ${traffic.attempts.filter((a) => a.retry).length})`);
    console.log(`served by instance: ${JSON.stringify(countBy([...served.values()], (s) => s.backend ?? "none"))}`);
    console.log(`connections refused, skipped by the balancer: ${JSON.stringify(countBy([...served.values()].flatMap((s) => s.skipped), (x) => x))}`);
    for (const k of kills) console.log(`kill -9 ${k.instance}: ${excused.get(k.instance) ?? 0} requests in flight failed; restarted ready in ${k.restartMs} ms${k.kind === "worker" ? `; its runs resumed ${recovery}` : ""}`);
    const inFlightAt = (instance: string, at: number) => [...served.values()].filter((s) => s.backend === instance && s.start <= at && (s.end === 0 || s.end >= at)).length;
    for (const t of terms) console.log(`SIGTERM ${t.instance}: ${t.kind === "worker" ? "" : `${inFlightAt(t.instance, t.at)} requests in flight at the signal, all finished; `}drained and exited in ${t.drainMs} ms; restarted ready in ${t.restartMs} ms`);
    console.log(`runs: ${runIds.length} accepted, all terminal ${waited.ms} ms after the traffic stopped; ${traffic.notYetAdmitted} reads of a delivery's run before a worker admitted it (404)`);
    for (const c of checks) console.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}: ${c.detail}`);
    const ok = checks.every((c) => c.ok);
    console.log(ok ? "fault test: all checks passed" : `fault test: ${checks.filter((c) => !c.ok).length} check(s) failed (process logs in ${DATA}/logs)`);
    return ok ? 0 : 1;
  } finally {
    await cluster?.stopAll();
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await server.stop();
  }
}

/** After a worker's kill -9: the first step resumed by another worker (`step.started` with `resumed`). */
async function workerRecovery(db: typeof import("@/lib/db/client").db, killedAt: number[], runIds: string[]): Promise<string> {
  const parts: string[] = [];
  for (const at of killedAt) {
    const resumed = await db.runEvent.findMany({ where: { runId: { in: runIds }, type: "step.started", createdAt: { gte: new Date(at) } }, select: { data: true, createdAt: true }, orderBy: { createdAt: "asc" } });
    const first = resumed.find((e) => (e.data as { resumed?: boolean } | null)?.resumed);
    parts.push(first ? `${first.createdAt.getTime() - at} ms after the kill` : "(no step was in flight on it)");
  }
  return parts.join(", ");
}

rmSync(`${DATA}/logs`, { recursive: true, force: true });
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`[fault] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
