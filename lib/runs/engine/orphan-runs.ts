import type { PgBoss } from "pg-boss";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { runLockKeys } from "./run-lock";

// Runs whose worker died, handed over in about a second instead of a heartbeat window. A
// worker executes a run only while holding its advisory lock on its lock connection; when the
// process dies (kill -9, OOM, a lost host) that connection's socket closes and PostgreSQL
// releases the lock at once — but the run's pg-boss job stays `active` until its heartbeat
// expires (10 s at least), and the run's next job waits behind it (the queue is stately).
//
// So every worker looks, every ORPHAN_SWEEP_MS, for active run jobs older than a second whose
// run's lock nobody holds. A live worker holds the lock from just after it fetches a job until
// just before it settles it (milliseconds either side), so a job seen unlocked on two sweeps in
// a row has lost its worker: it is failed, which hands it out again at once (the fetch loops
// poll every second). Failing a job whose worker is in fact alive costs a re-queue, never a
// second execution: the run's lock and the checkpoint fence decide who executes.

const sweepMs = () => intEnv("RUN_ORPHAN_SWEEP_MS", 500, { invalid: "fallback", min: 50 });

type ActiveJob = { id: string; runId: string };

export class OrphanRunSweeper {
  private suspects = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly boss: PgBoss) {}

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      this.current = this.sweep()
        .catch((err) => logger.warn("orphaned run sweep failed", { err }))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, sweepMs());
        });
    };
    this.timer = setTimeout(tick, sweepMs());
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }

  /** One sweep; returns the jobs it failed (handed over). */
  async sweep(): Promise<string[]> {
    const job = Prisma.raw(`"${BOSS_SCHEMA}".job`);
    const active = await db.$queryRaw<ActiveJob[]>`
      SELECT j.id::text AS id, j.singleton_key AS "runId" FROM ${job} j
       WHERE j.name = ${QUEUES.runs} AND j.state = 'active' AND j.singleton_key IS NOT NULL AND j.started_on < now() - interval '1 second'
       LIMIT 500`;
    if (active.length === 0) {
      this.suspects.clear();
      return [];
    }
    const keyOf = new Map(active.map((j) => [j.id, runLockKeys(j.runId)]));
    const locked = await db.$queryRaw<{ objid: bigint }[]>`
      SELECT l.objid::bigint AS objid FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = ${keyOf.values().next().value![0]}::int::oid
         AND l.objid::bigint = ANY(${[...new Set([...keyOf.values()].map((k) => k[1]))]}::bigint[])`;
    const held = new Set(locked.map((l) => Number(l.objid)));
    const unlocked = active.filter((j) => !held.has(keyOf.get(j.id)![1]));
    const orphans = unlocked.filter((j) => this.suspects.has(j.id));
    this.suspects = new Set(unlocked.map((j) => j.id));
    if (orphans.length === 0) return [];
    const ids = orphans.map((j) => j.id);
    for (const id of ids) this.suspects.delete(id);
    await this.boss.fail(QUEUES.runs, ids, { orphaned: true, reason: "the worker executing this run is gone (its run lock was released)" });
    // Due now rather than after the retry delay: the worker is known to be gone.
    await db.$executeRaw`UPDATE ${job} SET start_after = now() WHERE name = ${QUEUES.runs} AND id::text = ANY(${ids}::text[]) AND state = 'retry'`;
    logger.warn("runs of a lost worker handed over", { runs: orphans.map((j) => j.runId) });
    return ids;
  }
}
