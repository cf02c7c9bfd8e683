import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db/client";
import { BOSS_SCHEMA, getBoss, WORKER_APPLICATION_PREFIX } from "@/lib/queue/boss";
import { maintenanceRound } from "@/worker/maintenance";
import { QUEUES } from "@/lib/queue/queues";
import { OrphanRunSweeper } from "@/lib/runs/engine/orphan-runs";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";
import { ensureRunClaimTrigger } from "@/lib/runs/engine/run-claims";
import { LOCK_APPLICATION_PREFIX, runLockKeys } from "@/lib/runs/engine/run-lock";
import { startFakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, graph, http, output, startTestRun, startTestWorker, trigger, waitForRun } from "@/test/support/run-worker";

// The hand-over of a dead worker's runs: an active run job whose claimer — the connection that
// fetched it, stamped on the job by the fetch (run-claims.ts) — is gone is failed at the first
// sweep that sees it, due at once and announced; a job whose claimer is still connected is never
// touched, however long it stays unlocked (a live worker slowed down between fetch and lock).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * "A worker" (pid made up): a pg-boss-like connection on which run jobs are fetched with
 * pg-boss's real fetch, and a run-lock connection, named like a worker's. Closing them is the
 * worker dying.
 */
async function connectWorker() {
  const pid = 900_000_000 + Math.floor(Math.random() * 1e8);
  const connect = async (name: string) => {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: name });
    await c.connect();
    return c;
  };
  const name = `${WORKER_APPLICATION_PREFIX}${pid}`;
  const lockName = `${LOCK_APPLICATION_PREFIX}${pid}`;
  const client = await connect(name);
  const lockClient = await connect(lockName);
  const on = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  const fetch = async (runId: string) => {
    const boss = await getBoss();
    await boss.send(QUEUES.runs, { runId }, { singletonKey: runId });
    for (let i = 0; i < 50; i++) {
      const [job] = (await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20, db: on })).filter((j) => j.data.runId === runId);
      if (job) return job.id;
      await sleep(50);
    }
    throw new Error("the job was not fetched");
  };
  const closeLock = () => lockClient.end();
  const close = () => Promise.all([client.end(), lockClient.end().catch(() => undefined)]);
  return { name, lockName, fetch, close, closeLock };
}

async function connectionGone(name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`;
    if (n === 0) return;
    await sleep(20);
  }
  throw new Error(`${name} is still connected`);
}

describe("orphaned run jobs", () => {
  beforeAll(() => ensureRunClaimTrigger());

  it("never hands over the job of a live worker that fetched it and has not taken the run's lock, however long", async () => {
    const boss = await getBoss();
    const worker = await connectWorker();
    const runId = `run_slow_${randomUUID().slice(0, 8)}`;
    try {
      const id = await worker.fetch(runId);
      // The fetch named its claimer.
      expect((await boss.getJobById(QUEUES.runs, id))?.output).toEqual({ claimedBy: worker.name });
      const sweeper = new OrphanRunSweeper(boss);
      // Unlocked for two seconds, seen by five sweeps: the old rule (unlocked for a second, seen twice) failed it.
      for (let i = 0; i < 5; i++) {
        expect(await sweeper.sweep()).not.toContain(id);
        await sleep(400);
      }
      const job = await boss.getJobById(QUEUES.runs, id);
      expect(job?.state).toBe("active");
      expect(job?.retryCount).toBe(0);
      await boss.complete(QUEUES.runs, id);
    } finally {
      await worker.close();
    }
  });

  it("hands over a dead worker's job within a second of its death: failed, due at once, announced, fetched again", async () => {
    const boss = await getBoss();
    const worker = await connectWorker();
    const runId = `run_orphan_${randomUUID().slice(0, 8)}`;
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    // Fetch loops are woken (one notice per handed-over job on the runs' wake-up channel), not
    // left to their next poll.
    const notified = new Promise<string | undefined>((resolve) => listener.on("notification", (n) => resolve(n.payload)));
    await listener.query(`LISTEN "${RUN_WAKE_CHANNEL}"`);
    const sweeper = new OrphanRunSweeper(boss);
    try {
      const id = await worker.fetch(runId);
      const fetchedAt = Date.now();
      // Its run-lock connection leaves with the process at once; one of its pg-boss connections may
      // stay a while (a statement it was in runs on): that does not keep the job.
      await worker.closeLock();
      await connectionGone(worker.lockName);
      const diedAt = Date.now();
      // Sweeps every 100 ms here (500 by default): the bound below is then about the rule, not
      // about how loaded the machine running the test is.
      process.env.RUN_ORPHAN_SWEEP_MS = "100";
      sweeper.start();
      // Announced once it is failed and due: that notice is the hand-over.
      expect(await Promise.race([notified, sleep(5_000).then(() => "no notification")])).toBe(id);
      // The next sweep, however young the job: the old rule waited for it to be a second old and
      // unlocked at two sweeps.
      expect(Date.now() - diedAt).toBeLessThan(1_000);
      expect(Date.now() - fetchedAt).toBeLessThan(1_000);
      const job = await boss.getJobById(QUEUES.runs, id);
      expect(job?.state).toBe("retry");
      expect(job!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 50);
      // Handed out again at once.
      const again = (await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20 })).filter((j) => j.data.runId === runId);
      expect(again.map((j) => j.id)).toEqual([id]);
      await boss.complete(QUEUES.runs, id);
    } finally {
      delete process.env.RUN_ORPHAN_SWEEP_MS;
      await sweeper.stop();
      await worker.close();
      await listener.end();
    }
  });
});

describe("the claim trigger", () => {
  it("is put back by the maintenance round when it is gone (pg-boss recreated its job table)", async () => {
    await ensureRunClaimTrigger();
    const present = async () => {
      const [row] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'agentruntime_run_job_claim' AND tgrelid = '"${BOSS_SCHEMA}".job'::regclass`);
      return row.n;
    };
    expect(await present()).toBe(1);
    await db.$executeRawUnsafe(`DROP TRIGGER agentruntime_run_job_claim ON "${BOSS_SCHEMA}".job`);
    expect(await present()).toBe(0);
    expect(await maintenanceRound()).toMatchObject({ ran: true });
    expect(await present()).toBe(1);
  });
});

describe("a worker that is still starting", () => {
  beforeAll(() => ensureRunClaimTrigger());

  it("sweeps before it registers its consumers: a dead worker's job is handed over while the rest of its start-up waits", { timeout: 60_000 }, async () => {
    const dead = await connectWorker();
    const runId = `run_starting_${randomUUID().slice(0, 8)}`;
    const id = await dead.fetch(runId);
    await dead.close();
    await connectionGone(dead.lockName);
    // A start-up that takes long, as on a loaded machine: the data-export consumer's registration
    // (after the runs consumer's) writes its schedule, which waits for this lock.
    const blocker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const notified = new Promise<string | undefined>((resolve) => listener.on("notification", (n) => resolve(n.payload)));
    await listener.query(`LISTEN "${RUN_WAKE_CHANNEL}"`);
    process.env.RUN_ORPHAN_SWEEP_MS = "100";
    let starting: Promise<{ stop(): Promise<void> }> | undefined;
    try {
      await blocker.query("BEGIN; LOCK TABLE pgboss.schedule IN ACCESS EXCLUSIVE MODE");
      let started = false;
      starting = startTestWorker({ maintenance: false });
      void starting.then(() => (started = true));
      const blocked = async () =>
        (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks WHERE relation = to_regclass('pgboss.schedule') AND NOT granted`)[0].n > 0;
      for (let i = 0; i < 300 && !(await blocked()); i++) await sleep(50);
      expect(await blocked()).toBe(true);
      // Announced by the starting worker's sweep, while its start-up still waits: the hand-over.
      expect(await Promise.race([notified, sleep(10_000).then(() => "no notification")])).toBe(id);
      expect(started).toBe(false);
    } finally {
      delete process.env.RUN_ORPHAN_SWEEP_MS;
      await blocker.query("ROLLBACK").catch(() => undefined);
      await blocker.end();
      await listener.end();
      await (await starting)?.stop();
    }
  });
});

describe("a run job whose queue claim is lost while its worker executes it", () => {
  it("carries on under the run's lock: the call in flight is not cut and not sent again, the run succeeds once", { timeout: 60_000 }, async () => {
    const upstream = await startFakeUpstream();
    const restoreEgress = allowLoopbackEgress();
    const worker = await startTestWorker({ maintenance: false });
    try {
      const t = await engineTenant(upstream.url);
      const g = graph([trigger(), http("slow", t.connectionId, "/slow/4000"), output()], ["trigger>slow", "slow>output"]);
      const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, input: {} });
      const calls = () => upstream.seen.filter((c) => c.key?.startsWith(`${run.id}:slow:`));
      for (let i = 0; i < 200 && calls().length === 0; i++) await sleep(50);
      expect(calls()).toHaveLength(1);
      // What a sweep that misjudged a slow worker (or an expired heartbeat) does: the job is failed
      // and handed out again while this worker still holds the run's lock. pg-boss then aborts the
      // job's signal at its next heartbeat (every 2 s).
      const boss = await getBoss();
      const [{ id }] = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text FROM pgboss.job WHERE name = 'runs' AND singleton_key = $1 AND state = 'active'`, run.id);
      await boss.fail(QUEUES.runs, id, { test: "claim lost" });
      const done = await waitForRun(run.id, "succeeded", 20_000);
      expect(done.status).toBe("succeeded");
      expect(upstream.aborted()).toBe(0);
      expect(calls()).toHaveLength(1);
      const steps = await db.runStep.findMany({ where: { runId: run.id, nodeId: "slow" } });
      expect(steps[0].attemptLog).toHaveLength(1);
      expect(await db.runEvent.count({ where: { runId: run.id, type: "run.succeeded" } })).toBe(1);
    } finally {
      await worker.stop();
      restoreEgress();
      await upstream.close();
    }
  });
});

describe("a run job whose run is locked by a live worker", () => {
  it("uses no retry and does not spin: it is completed and the run re-queued 2 s later, until the holder lets go; then the run goes on", { timeout: 60_000 }, async () => {
    const t = await engineTenant("http://127.0.0.1:9");
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([trigger(), output()], ["trigger>output"]), input: {} });
    // A live worker executing the run: it holds the run's lock on its own connection.
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const [k1, k2] = runLockKeys(run.id);
    await holder.query("SELECT pg_advisory_lock($1, $2)", [k1, k2]);
    const worker = await startTestWorker({ maintenance: false });
    const jobs = () => db.$queryRawUnsafe<{ state: string; retry_count: number }[]>(`SELECT state::text, retry_count FROM pgboss.job WHERE name = 'runs' AND singleton_key = $1`, run.id);
    try {
      await sleep(4_500);
      const during = await jobs();
      // ~One job per 2 s (the first, then a re-queue every 2 s plus a poll), none retried.
      expect(during.length).toBeGreaterThanOrEqual(2);
      expect(during.length).toBeLessThanOrEqual(5);
      expect(during.filter((j) => j.retry_count > 0)).toEqual([]);
      expect(during.filter((j) => j.state === "failed" || j.state === "retry")).toEqual([]);
      expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("queued");
      const releasedAt = Date.now();
      await holder.query("SELECT pg_advisory_unlock($1, $2)", [k1, k2]);
      await waitForRun(run.id, "succeeded", 10_000);
      // The pending re-queue (2 s) and a poll (1 s), not maintenance's 30 s.
      expect(Date.now() - releasedAt).toBeLessThan(5_000);
      expect((await jobs()).filter((j) => j.retry_count > 0)).toEqual([]);
    } finally {
      await worker.stop();
      await holder.end();
    }
  });
});
