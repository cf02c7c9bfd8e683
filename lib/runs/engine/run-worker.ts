import type { PgBoss, JobResult } from "pg-boss";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { withLogContext } from "@/lib/core/log-context";
import { contextFromCarrier, inSpan, SpanKind } from "@/lib/telemetry/tracing";
import { QUEUES } from "@/lib/queue/queues";
import type { RunJobData } from "@/lib/runs/queue";
import { processRunJob } from "./process-run-job";

// The runs consumer. Jobs are fetched in batches and the loop keeps fetching while batches
// come back full (burstWhenBatchFull); NOTIFY wakes it when a run is queued, so an idle worker
// starts a new run within milliseconds, not a polling interval. Jobs of a batch run
// concurrently and are settled one by one.

const positiveIntEnv = (name: string, fallback: number) => intEnv(name, fallback, { invalid: "fallback" });

export async function registerRunWorker(boss: PgBoss): Promise<void> {
  await boss.work<RunJobData>(
    QUEUES.runs,
    {
      batchSize: positiveIntEnv("RUN_WORKER_BATCH_SIZE", 8),
      localConcurrency: positiveIntEnv("RUN_WORKER_CONCURRENCY", 4),
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 1,
      // Delayed jobs (concurrency re-queues, retries) are not announced by NOTIFY when they come due.
      notifyPollingIntervalSeconds: 1,
      perJobResults: true,
      // A job is handed to another worker heartbeatSeconds after its last heartbeat: heart-beating
      // often keeps that close to heartbeatSeconds after a crash (not up to 1.5× as with the default).
      heartbeatRefreshSeconds: positiveIntEnv("RUN_HEARTBEAT_REFRESH_SECONDS", 2),
    },
    async (jobs) => {
      const results = await Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          try {
            // Each job continues the trace of whoever queued its run, and its log lines name the run.
            const settled = await withLogContext({ runId: job.data.runId, jobId: job.id }, () =>
              inSpan("run.execute", { kind: SpanKind.CONSUMER, parent: contextFromCarrier(job.data.trace), attributes: { "agentruntime.run_id": job.data.runId } }, () => processRunJob(job.data.runId, job.signal)),
            );
            // "retry": the run yielded (shutdown, lost lock); failing the job hands it out again.
            return settled === "retry" ? { id: job.id, status: "failed", output: { yielded: true } } : { id: job.id, status: "completed" };
          } catch (err) {
            // Infrastructure trouble (database, bug): pg-boss retries the job with backoff and
            // the run resumes from its last checkpoint.
            logger.error("run job failed", { runId: job.data.runId, jobId: job.id, err });
            return { id: job.id, status: "failed", output: { message: err instanceof Error ? err.message : String(err) } };
          }
        }),
      );
      return results;
    },
  );
}
