import { numberEnv } from "@/lib/core/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { finishRun } from "@/lib/runs/finish-run";
import { enqueueRun } from "@/lib/runs/queue";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";

// A run that is queued or running must have a live job (created, retry or active). It can lose
// it: the API crashed between committing a run and enqueueing it, or a run's job used up its
// retries (a worker crashing on it again and again). The first kind is simply re-queued; a run
// whose jobs failed MAX_FAILED_JOBS times is failed instead, so a poison run cannot loop forever.

const MAX_FAILED_JOBS = 3;

function staleMs(): number {
  return numberEnv("RUN_RECONCILE_AFTER_MS", 30_000, { min: 0 });
}

export async function reconcileRuns(now = new Date()): Promise<{ requeued: number; failed: number }> {
  const staleBefore = new Date(now.getTime() - staleMs());
  const job = Prisma.raw(`"${BOSS_SCHEMA}".job`);
  const rows = await db.$queryRaw<{ id: string; workspaceId: string; projectId: string; failedJobs: number }[]>`
    SELECT r.id, r."workspaceId", r."projectId",
           (SELECT count(*)::int FROM ${job} j WHERE j.name = ${QUEUES.runs} AND j.singleton_key = r.id AND j.state = 'failed') AS "failedJobs"
      FROM "Run" r
     WHERE r.status IN ('queued', 'running') AND r."updatedAt" < ${staleBefore}
       AND NOT EXISTS (SELECT 1 FROM ${job} j WHERE j.name = ${QUEUES.runs} AND j.singleton_key = r.id AND j.state IN ('created', 'retry', 'active'))
     ORDER BY r."updatedAt" LIMIT 100`;
  let requeued = 0;
  let failed = 0;
  for (const r of rows) {
    if (r.failedJobs >= MAX_FAILED_JOBS) {
      const ended = await retryOnDeadlock(() =>
        db.$transaction((tx) => finishRun(tx, r, "failed", { error: { code: "engine_error", message: "The run could not be executed: its worker failed repeatedly" } })),
      );
      if (ended) failed++;
      logger.error("run failed by reconciliation after repeated job failures", { runId: r.id, failedJobs: r.failedJobs });
    } else {
      await enqueueRun(r.id);
      requeued++;
      logger.warn("run without a job re-queued", { runId: r.id });
    }
  }
  return { requeued, failed };
}
