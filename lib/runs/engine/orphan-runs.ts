import type { PgBoss } from "pg-boss";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";
import { LOCK_NAMESPACE, runLockKeys } from "./run-lock";

// Runs whose worker died, handed over in about a second instead of a heartbeat window. A
// worker executes a run only while holding its advisory lock on its lock connection; when the
// process dies (kill -9, OOM, a lost host) that connection's socket closes and PostgreSQL
// releases the lock at once — but the run's pg-boss job stays `active` until its heartbeat
// expires (10 s at least), and the run's next job waits behind it (the queue is stately).
//
// So every worker looks, every ORPHAN_SWEEP_MS, for active run jobs older than a second whose
// run's lock nobody holds and whose run still has work (queued or running). A live worker holds
// the lock from just after it fetches a job until just before it settles it, so a job seen
// unlocked twice, RECHECK_MS apart, has lost its worker: it is failed, made due at once and
// fetch loops are woken (one notice per job), so another worker takes it within milliseconds
// instead of at its next poll. Failing a job whose worker is in fact alive (a batch settles
// all its jobs together, so a finished run's job may stay active a while) costs a re-queue,
// never a second execution: the run's lock and the checkpoint fence decide who executes, and
// runs that ended are not looked at.

const sweepMs = () => intEnv("RUN_ORPHAN_SWEEP_MS", 500, { invalid: "fallback", min: 50 });
/** The second look at a suspect: long enough for a live worker between unlock and settle. */
const RECHECK_MS = 150;

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
          // Suspects are looked at again soon: a dead worker's runs wait for this second look.
          if (!this.stopped) this.timer = setTimeout(tick, this.suspects.size > 0 ? Math.min(RECHECK_MS, sweepMs()) : sweepMs());
          this.timer?.unref();
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
    // One round trip: the candidate jobs, and every run lock held right now.
    const [row] = await db.$queryRaw<{ jobs: ActiveJob[] | null; held: bigint[] | null }[]>`
      SELECT (SELECT json_agg(json_build_object('id', j.id::text, 'runId', j.singleton_key)) FROM (
                SELECT j.id, j.singleton_key FROM ${job} j
                 WHERE j.name = ${QUEUES.runs} AND j.state = 'active' AND j.singleton_key IS NOT NULL AND j.started_on < now() - interval '1 second'
                   AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = j.singleton_key AND r.status NOT IN ('queued', 'running'))
                 LIMIT 500) j) AS jobs,
             (SELECT array_agg(l.objid::bigint) FROM pg_locks l
               WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid = ${LOCK_NAMESPACE}::int::oid) AS held`;
    const active = row?.jobs ?? [];
    if (active.length === 0) {
      this.suspects.clear();
      return [];
    }
    const held = new Set((row?.held ?? []).map(Number));
    const unlocked = active.filter((j) => !held.has(runLockKeys(j.runId)[1]));
    const orphans = unlocked.filter((j) => this.suspects.has(j.id));
    this.suspects = new Set(unlocked.filter((j) => !this.suspects.has(j.id)).map((j) => j.id));
    if (orphans.length === 0) return [];
    const ids = orphans.map((j) => j.id);
    await this.boss.fail(QUEUES.runs, ids, { orphaned: true, reason: "the worker executing this run is gone (its run lock was released)" });
    // Due now rather than after the retry delay (the worker is known to be gone), and announced
    // like a new job, so idle fetch loops take it at once.
    // One notice per job on the runs' wake-up channel (lib/runs/queue.ts), each waking one
    // fetch loop; distinct payloads, since PostgreSQL folds identical notices of a transaction.
    await db.$queryRaw`
      WITH due AS (UPDATE ${job} SET start_after = now() WHERE name = ${QUEUES.runs} AND id::text = ANY(${ids}::text[]) AND state = 'retry' RETURNING id)
      SELECT count(*)::int AS n FROM (SELECT pg_notify(${RUN_WAKE_CHANNEL}, id::text) FROM due) n`;
    logger.warn("runs of a lost worker handed over", { runs: orphans.map((j) => j.runId) });
    return ids;
  }
}
