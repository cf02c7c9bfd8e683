import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { startRun } from "@/lib/runs/start-run";
import { runLocker, runLockKeys } from "@/lib/runs/engine/run-lock";
import { createTestWorkflow } from "@/test/factories/workflows";
import { startTestWorker } from "@/test/support/run-worker";
import { tenant } from "@/test/support/world";

// The per-process run locker sends the locks and unlocks asked for while its connection is busy
// together, in one statement: each call must still get its own answer, in the order asked.

const runId = () => `run_lock_${randomUUID().slice(0, 12)}`;

/** Whether another session could take the run's lock right now (and lets it go again). */
async function freeElsewhere(id: string): Promise<boolean> {
  const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await other.connect();
  try {
    const { rows } = await other.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", runLockKeys(id));
    return rows[0].ok;
  } finally {
    await other.end();
  }
}

describe("run locker", () => {
  it("takes 40 locks asked for at once, each once, and releases them", async () => {
    const ids = Array.from({ length: 40 }, runId);
    const locks = await Promise.all(ids.map((id) => runLocker().tryLock(id)));
    expect(locks.every((l) => l !== null)).toBe(true);
    expect(new Set(locks.map((l) => l!.pid)).size).toBe(1);
    expect(await freeElsewhere(ids[7])).toBe(false);
    await Promise.all(locks.map((l) => runLocker().unlock(l!)));
    expect(await freeElsewhere(ids[7])).toBe(true);
  });

  it("answers null to a second lock of the same run in the same batch, and to a run locked elsewhere", async () => {
    const [a, b] = [runId(), runId()];
    const [first, second] = await Promise.all([runLocker().tryLock(a), runLocker().tryLock(a)]);
    expect([first === null, second === null].sort()).toEqual([false, true]);
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1, $2)", runLockKeys(b));
      expect(await runLocker().tryLock(b)).toBeNull();
    } finally {
      await other.end();
    }
    await runLocker().unlock((first ?? second)!);
  });

  it("keeps an unlock before a new lock of the same run when both go out together", async () => {
    const id = runId();
    const lock = await runLocker().tryLock(id);
    expect(lock).not.toBeNull();
    // Asked for in one tick: both travel in one batch, the unlock first.
    const [, again] = await Promise.all([runLocker().unlock(lock!), runLocker().tryLock(id)]);
    expect(again).not.toBeNull();
    expect(await freeElsewhere(id)).toBe(false);
    await runLocker().unlock(again!);
    expect(await freeElsewhere(id)).toBe(true);
  });
});

describe("run locks of a worker", () => {
  it("none outlives its run: after 40 runs executed concurrently, the worker's lock connection holds no run lock", { timeout: 120_000 }, async () => {
    const t = await tenant({ credits: true });
    await db.workspace.update({ where: { id: t.workspace.id }, data: { maxConcurrentRuns: 100 } });
    const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const worker = await startTestWorker({ maintenance: false });
    try {
      const ids = await Promise.all(
        Array.from({ length: 40 }, (_, i) => startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: workflow.id, input: { name: `n${i}` }, trigger: "api" }).then((r) => r.id)),
      );
      for (let i = 0; i < 600 && (await db.run.count({ where: { id: { in: ids }, status: "succeeded" } })) < ids.length; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await db.run.count({ where: { id: { in: ids }, status: "succeeded" } })).toBe(ids.length);
      // Jobs are settled a moment after their run's unlock; the locks must be gone by then.
      await new Promise((r) => setTimeout(r, 300));
      const keys = ids.map((id) => runLockKeys(id)[1]);
      const held = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
           AND l.classid = ${runLockKeys(ids[0])[0]}::int::oid AND l.objid::bigint = ANY(${keys}::bigint[])`;
      expect(held[0].n).toBe(0);
    } finally {
      await worker.stop();
    }
  });
});
