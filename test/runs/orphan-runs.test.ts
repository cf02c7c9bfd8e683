import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db/client";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { OrphanRunSweeper } from "@/lib/runs/engine/orphan-runs";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";
import { ensureRunClaimTrigger } from "@/lib/runs/engine/run-claims";
import { startFakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, graph, http, output, startTestRun, startTestWorker, trigger, waitForRun } from "@/test/support/run-worker";

// The hand-over of a dead worker's runs: an active run job whose claimer — the connection that
// fetched it, stamped on the job by the fetch (run-claims.ts) — is gone is failed at the first
// sweep that sees it, due at once and announced; a job whose claimer is still connected is never
// touched, however long it stays unlocked (a live worker slowed down between fetch and lock).

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * "A worker": its own connection, named like a worker's pg-boss connections, on which run jobs
 * are fetched with pg-boss's real fetch. Closing it is the worker dying.
 */
async function connectWorker(): Promise<{ name: string; client: pg.Client; fetch(runId: string): Promise<string> }> {
  const name = `agentruntime-worker:test:${randomUUID().slice(0, 8)}`;
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL, application_name: name });
  await client.connect();
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
  return { name, client, fetch };
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
      await worker.client.end();
    }
  });

  it("hands over a dead worker's job within a second of its death: failed, due at once, announced, fetched again", async () => {
    const boss = await getBoss();
    const worker = await connectWorker();
    const runId = `run_orphan_${randomUUID().slice(0, 8)}`;
    const id = await worker.fetch(runId);
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await listener.connect();
    const sweeper = new OrphanRunSweeper(boss);
    try {
      // Fetch loops are woken (one notice per handed-over job on the runs' wake-up channel), not
      // left to their next poll.
      const notified = new Promise<string | undefined>((resolve) => listener.on("notification", (n) => resolve(n.payload)));
      await listener.query(`LISTEN "${RUN_WAKE_CHANNEL}"`);
      await worker.client.end();
      await connectionGone(worker.name);
      const diedAt = Date.now();
      sweeper.start(); // sweeps every RUN_ORPHAN_SWEEP_MS (500)
      let job = await boss.getJobById(QUEUES.runs, id);
      while (job?.state === "active" && Date.now() - diedAt < 5_000) {
        await sleep(20);
        job = await boss.getJobById(QUEUES.runs, id);
      }
      const tookMs = Date.now() - diedAt;
      expect(job?.state).toBe("retry");
      // The job was fetched a moment ago: the old rule waited for it to be a second old and
      // unlocked at two sweeps (≥ 1.15 s). A sweep's interval, plus the sweep itself.
      expect(tookMs).toBeLessThan(1_000);
      expect(await Promise.race([notified, sleep(2000).then(() => "no notification")])).toBe(id);
      expect(job!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 50);
      // Handed out again at once.
      const again = (await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20 })).filter((j) => j.data.runId === runId);
      expect(again.map((j) => j.id)).toEqual([id]);
      await boss.complete(QUEUES.runs, id);
    } finally {
      await sweeper.stop();
      await listener.end();
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
