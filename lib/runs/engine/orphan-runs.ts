import type { PgBoss } from "pg-boss";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { RUN_WAKE_CHANNEL } from "@/lib/runs/queue";
import { CLAIMER_GONE_SQL } from "./run-claims";

// Runs whose worker died, handed over within a sweep instead of a heartbeat window. When a
// worker process dies (kill -9, OOM, a lost host) its connections close: PostgreSQL releases its
// run locks at once, but its run jobs stay `active` until their heartbeat expires (10 s at
// least), and each run's next job waits behind them (the queue is stately).
//
// Every worker looks, every RUN_ORPHAN_SWEEP_MS, for active run jobs whose claimer — the worker
// that fetched them, stamped on the job by the fetch itself (run-claims.ts) — has lost its
// run-lock connection, and whose run still has work (queued or running). Those are failed, made
// due at once and fetch loops are woken (one notice per job), so another worker takes them
// within milliseconds instead of at its next poll. A worker that is alive keeps that connection
// however slow it is (CPU-starved between fetch and lock, or in a long step), so its jobs are
// never handed over: under load, jobs bouncing between live workers used up their retries
// before. A frozen worker (SIGSTOP) keeps it until its idle timeout (run-lock.ts); pg-boss's
// heartbeat hands its jobs over first. The run's lock and the checkpoint fence, not the queue
// claim, decide who executes.

const sweepMs = () => intEnv("RUN_ORPHAN_SWEEP_MS", 500, { invalid: "fallback", min: 50 });

type ActiveJob = { id: string; runId: string; retryCount: number };

export class OrphanRunSweeper {
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
    const orphans = await db.$queryRaw<ActiveJob[]>`
      SELECT j.id::text AS id, j.singleton_key AS "runId", j.retry_count AS "retryCount" FROM ${job} j
       WHERE j.name = ${QUEUES.runs} AND j.state = 'active' AND j.singleton_key IS NOT NULL AND ${Prisma.raw(CLAIMER_GONE_SQL)}
         AND NOT EXISTS (SELECT 1 FROM "Run" r WHERE r.id = j.singleton_key AND r.status NOT IN ('queued', 'running'))
       LIMIT 500`;
    if (orphans.length === 0) return [];
    const ids = orphans.map((j) => j.id);
    // Fenced to the attempts seen (id + retryCount): a job that pg-boss's heartbeat expiry handed
    // out again in the meantime belongs to a live worker now and is left alone.
    await this.boss.fail(QUEUES.runs, orphans.map((j) => ({ id: j.id, retryCount: j.retryCount })), { orphaned: true, reason: "the worker that fetched this run job is gone (its run-lock connection closed)" });
    // Due now rather than after the retry delay (the worker is known to be gone), and announced
    // like a new job, so idle fetch loops take it at once.
    // One notice per job on the runs' wake-up channel (lib/runs/queue.ts), each waking one
    // fetch loop; distinct payloads, since PostgreSQL folds identical notices of a transaction.
    const due = await db.$queryRaw<{ id: string }[]>`
      WITH due AS (UPDATE ${job} SET start_after = now() WHERE name = ${QUEUES.runs} AND id::text = ANY(${ids}::text[]) AND state = 'retry' RETURNING id)
        , sent AS (SELECT pg_notify(${RUN_WAKE_CHANNEL}, id::text) FROM due)
      SELECT id::text AS id FROM due WHERE (SELECT count(*) FROM sent) >= 0`;
    const handed = new Set(due.map((d) => d.id));
    logger.warn("runs of a lost worker handed over", { runs: orphans.filter((j) => handed.has(j.id)).map((j) => j.runId) });
    return [...handed];
  }
}
