import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { notifyChannelSql } from "pg-boss/dist/plans.js";
import { db } from "@/lib/db/client";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { OrphanRunSweeper } from "@/lib/runs/engine/orphan-runs";
import { runLockKeys, runLocker } from "@/lib/runs/engine/run-lock";

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
  it("hands over at once a job whose run lock's holder is gone, and leaves a locked one alone", async () => {
    const boss = await getBoss();
    const deadRun = `run_dead_${randomUUID().slice(0, 8)}`;
    const liveRun = `run_live_${randomUUID().slice(0, 8)}`;
    const dead = await activeJob(deadRun);
    const live = await activeJob(liveRun);
    // "A worker": its own lock connection holding the run's lock, as RunLocker does.
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    const [k1, k2] = runLockKeys(deadRun);
    await other.query("SELECT pg_try_advisory_lock($1, $2)", [k1, k2]);
    const lock = await runLocker().tryLock(liveRun);
    expect(lock).not.toBeNull();
    try {
      const sweeper = new OrphanRunSweeper(boss);
      expect(await sweeper.sweep()).toEqual([]); // both locked: nothing to do
      await other.end(); // the worker dies: its session ends, its lock is released
      for (let i = 0; i < 50; i++) {
        const [{ n }] = await db.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid::bigint = $1`, k2);
        if (n === 0) break;
        await sleep(20);
      }
      // The fetch loops are woken (the queue's NOTIFY), not left to their next poll.
      const [{ channel }] = await db.$queryRawUnsafe<{ channel: string }[]>(`SELECT ${notifyChannelSql(BOSS_SCHEMA)} AS channel`);
      const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await listener.connect();
      const notified = new Promise<string | undefined>((resolve) => listener.on("notification", (n) => resolve(n.payload)));
      await listener.query(`LISTEN "${channel}"`);
      const handed = await sweeper.sweep(); // the next look: no second sighting, no waiting
      expect(await Promise.race([notified, sleep(2000).then(() => "no notification")])).toBe(QUEUES.runs);
      await listener.end();
      expect(handed).toEqual([dead]);
      const failed = await boss.getJobById(QUEUES.runs, dead);
      expect(failed?.state).toBe("retry");
      expect(failed!.startAfter.getTime()).toBeLessThanOrEqual(Date.now() + 50);
      expect((await boss.getJobById(QUEUES.runs, live))?.state).toBe("active");
      // Handed out again at once; taken again (a new claim), it is not handed over on the next looks.
      const again = (await boss.fetch<{ runId: string }>(QUEUES.runs, { batchSize: 20 })).filter((j) => j.data.runId === deadRun);
      expect(again.map((j) => j.id)).toEqual([dead]);
      expect(await sweeper.sweep()).toEqual([]);
      await boss.complete(QUEUES.runs, dead);
    } finally {
      await other.end().catch(() => {});
      await runLocker().unlock(lock!);
      await boss.complete(QUEUES.runs, live);
    }
  });

  it("a job whose run nobody was seen to lock is handed over only after it stayed unlocked for 3 s", { timeout: 20_000 }, async () => {
    const boss = await getBoss();
    const runId = `run_orphan_${randomUUID().slice(0, 8)}`;
    const orphan = await activeJob(runId);
    const sweeper = new OrphanRunSweeper(boss);
    expect(await sweeper.sweep()).toEqual([]);
    await sleep(1500);
    expect(await sweeper.sweep()).not.toContain(orphan); // a slow live worker may still be about to lock it
    await sleep(1700);
    expect(await sweeper.sweep()).toContain(orphan);
    expect((await boss.getJobById(QUEUES.runs, orphan))?.state).toBe("retry");
  });
});
