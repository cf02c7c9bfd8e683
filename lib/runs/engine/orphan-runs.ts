import type { PgBoss } from "pg-boss";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { notifyChannelSql } from "pg-boss/dist/plans.js";
import { LOCK_NAMESPACE, runLockKeys } from "./run-lock";

// Runs whose worker died, handed over in about a second instead of a heartbeat window. A
// worker executes a run only while holding its advisory lock on its lock connection; when the
// process dies (kill -9, OOM, a lost host) that connection's socket closes and PostgreSQL
// releases the lock at once — but the run's pg-boss job stays `active` until its heartbeat
// expires (10 s at least), and the run's next job waits behind it (the queue is stately).
//
// So every worker looks, every ORPHAN_SWEEP_MS, at the active run jobs of runs with work left
// (queued or running) and at who holds each run's lock (the backend of a worker's lock
// connection). A job is handed over when the backend that held its run's lock at the previous
// look is gone, the lock is free, and the job was already active then: its worker died. That
// needs no guess about timing, so a live worker that is merely slow (under load it may take more
// than a second between fetching a job and taking the lock) is never mistaken for a dead one —
// mistaking it made the job bounce between workers, each hand-over failing the job once more,
// until its retries ran out (then only maintenance re-queued the run, 30 s later). A job whose
// run nobody was seen to lock (its worker died right after fetching it) is handed over once it
// has been seen unlocked for FALLBACK_MS. Handed-over jobs are failed, made due at once and
// announced with the queue's NOTIFY, so an idle worker takes them within milliseconds. Even a
// wrong hand-over never executes a run twice: the run's lock and the checkpoint fence decide.

const sweepMs = () => intEnv("RUN_ORPHAN_SWEEP_MS", 500, { invalid: "fallback", min: 50 });
/** How long a job must be seen active with its run unlocked when nobody was seen holding the lock. */
const FALLBACK_MS = 3000;

type ActiveJob = { id: string; runId: string; startedOn: number };
type Look = { at: number; holders: Map<number, number> };

export class OrphanRunSweeper {
  /** The previous look: when (database clock, ms) and which backend held each run lock. */
  private prev: Look | null = null;
  /** Jobs seen active and unlocked with no known holder: since when (local clock). */
  private unlockedSince = new Map<string, number>();
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
          if (!this.stopped) {
            this.timer = setTimeout(tick, sweepMs());
            this.timer.unref();
          }
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
    // One round trip: the database clock, the candidate jobs, every run lock with its holder, the live backends.
    const [row] = await db.$queryRaw<{ at: Date; jobs: ActiveJob[] | null; locks: { objid: number; pid: number }[] | null; live: number[] | null }[]>`
      SELECT now() AS at,
             (SELECT json_agg(json_build_object('id', j.id::text, 'runId', j.singleton_key, 'startedOn', (extract(epoch FROM j.started_on) * 1000)::bigint)) FROM (
                SELECT j.id, j.singleton_key, j.started_on FROM ${job} j
                 WHERE j.name = ${QUEUES.runs} AND j.state = 'active' AND j.singleton_key IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = j.singleton_key AND r.status NOT IN ('queued', 'running'))
                 LIMIT 500) j) AS jobs,
             (SELECT json_agg(json_build_object('objid', l.objid::bigint, 'pid', l.pid)) FROM pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = ${LOCK_NAMESPACE}::int::oid) AS locks,
             (SELECT array_agg(a.pid) FROM pg_stat_activity a) AS live`;
    const at = row.at.getTime();
    const holders = new Map((row.locks ?? []).map((l) => [Number(l.objid), Number(l.pid)]));
    const live = new Set((row.live ?? []).map(Number));
    const prev = this.prev;
    // What the next look compares with: the holders now, plus the previous holder of a run that
    // is unlocked now while that holder still shows (a backend releases its locks a moment before
    // it leaves pg_stat_activity), so its death is still recognised at the next look.
    const known = new Map(holders);
    this.prev = { at, holders: known };
    const now = Date.now();
    const orphans: ActiveJob[] = [];
    const unlockedSince = new Map<string, number>();
    for (const j of row.jobs ?? []) {
      const key = runLockKeys(j.runId)[1];
      if (holders.has(key)) continue;
      const was = prev?.holders.get(key);
      if (prev && was !== undefined && !live.has(was) && Number(j.startedOn) <= prev.at) {
        orphans.push(j); // its worker held the lock a moment ago and is gone now
        continue;
      }
      if (was !== undefined && live.has(was)) known.set(key, was);
      const since = this.unlockedSince.get(j.id) ?? now;
      if (now - since >= FALLBACK_MS) orphans.push(j);
      else unlockedSince.set(j.id, since);
    }
    this.unlockedSince = unlockedSince;
    if (orphans.length === 0) return [];
    const ids = orphans.map((j) => j.id);
    await this.boss.fail(QUEUES.runs, ids, { orphaned: true, reason: "the worker executing this run is gone (its run lock was released)" });
    // Due now rather than after the retry delay (the worker is known to be gone), and announced
    // like a new job, so idle fetch loops take it at once.
    await db.$queryRaw`
      WITH due AS (UPDATE ${job} SET start_after = now() WHERE name = ${QUEUES.runs} AND id::text = ANY(${ids}::text[]) AND state = 'retry' RETURNING 1)
      SELECT count(*)::int AS n FROM (SELECT pg_notify(${Prisma.raw(notifyChannelSql(BOSS_SCHEMA))}, ${QUEUES.runs}) FROM (SELECT 1 FROM due LIMIT 1) d) n`;
    logger.warn("runs of a lost worker handed over", { runs: orphans.map((j) => j.runId) });
    return ids;
  }
}
