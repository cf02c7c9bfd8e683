import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db/client";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { OrphanRunSweeper } from "@/lib/runs/engine/orphan-runs";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";
import { runLocker } from "@/lib/runs/engine/run-lock";
import { startFakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, graph, http, output, startTestRun, startTestWorker, trigger, waitForRun } from "@/test/support/run-worker";

// The hand-over of a dead worker's runs: an active run job whose run lock nobody holds (the
// worker's lock connection died with it) is failed on the second sweep that sees it, and due at
// once; a job whose lock is held — a live worker executing it — is never touched.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A run job taken by "a worker" (fetched: active), for a run id nobody locks unless told. */
async function activeJob(runId: string): Promise<string> {
  const boss = await getBoss();
  await boss.send(QUEUES.runs, { runId }, { singletonKey: runId });
  for (let i = 0; i < 50; i++) {
    const [job] = await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20 }).then((jobs) => jobs.filter((j) => j.data.runId === runId));
    if (job) return job.id;
    await sleep(50);
  }
  throw new Error("the job was not fetched");
}

describe("orphaned run jobs", () => {
  it("hands over a job whose run lock is gone, on the second sweep that sees it, and leaves a locked one alone", async () => {
    const boss = await getBoss();
    const orphanRun = `run_orphan_${randomUUID().slice(0, 8)}`;
    const liveRun = `run_live_${randomUUID().slice(0, 8)}`;
    const orphan = await activeJob(orphanRun);
    const live = await activeJob(liveRun);
    const lock = await runLocker().tryLock(liveRun);
    expect(lock).not.toBeNull();
    try {
      await sleep(1_100); // jobs younger than a second may be between fetch and lock
      const sweeper = new OrphanRunSweeper(boss);
      expect(await sweeper.sweep()).toEqual([]); // first sighting: a suspect only
      // Fetch loops are woken (one notice per handed-over job on the runs' wake-up channel), not
      // left to their next poll.
      const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await listener.connect();
      const notified = new Promise<string | undefined>((resolve) => listener.on("notification", (n) => resolve(n.payload)));
      await listener.query(`LISTEN "${RUN_WAKE_CHANNEL}"`);
      const handed = await sweeper.sweep();
      expect(await Promise.race([notified, sleep(2000).then(() => "no notification")])).toBe(orphan);
      await listener.end();
      expect(handed).toContain(orphan);
      expect(handed).not.toContain(live);
      const failed = await boss.getJobById(QUEUES.runs, orphan);
      expect(failed?.state).toBe("retry");
      expect(failed!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 50);
      expect((await boss.getJobById(QUEUES.runs, live))?.state).toBe("active");
      // Handed out again at once.
      const again = (await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20 })).filter((j) => j.data.runId === orphanRun);
      expect(again.map((j) => j.id)).toEqual([orphan]);
      await boss.complete(QUEUES.runs, orphan);
    } finally {
      await runLocker().unlock(lock!);
      await boss.complete(QUEUES.runs, live);
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
