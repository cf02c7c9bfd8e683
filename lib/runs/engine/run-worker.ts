import type { PgBoss, JobResult } from "pg-boss";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { withLogContext } from "@/lib/core/log-context";
import { contextFromCarrier, inSpan, SpanKind } from "@/lib/telemetry/tracing";
import { QUEUES } from "@/lib/queue/queues";
import type { RunJobData } from "@/lib/runs/queue";
import { processRunJob } from "./process-run-job";
import { ensureRunClaimTrigger } from "./run-claims";
import { RunWakeups } from "./run-wakeups";
import { warmEngineConnections } from "./warm-up";

// The runs consumer. Jobs are fetched in batches and a loop keeps fetching while batches
// come back full (burstWhenBatchFull); a NOTIFY per queued run wakes one idle loop
// (run-wakeups.ts), so an idle worker starts a new run within milliseconds, not a polling
// interval, and the other loops stay asleep. Jobs of a batch run concurrently and are settled
// one by one.

const positiveIntEnv = (name: string, fallback: number) => intEnv(name, fallback, { invalid: "fallback" });

export async function registerRunWorker(boss: PgBoss): Promise<void> {
  // Before the first fetch: every claim names its worker, so the orphan sweep hands over only
  // the jobs of workers that are gone (orphan-runs.ts).
  await ensureRunClaimTrigger();
  // The engine's connections open and its statements prepared before the first job, not by it.
  await warmEngineConnections().catch((err: unknown) => logger.warn("run engine connections not warmed at start; the first runs open them", { err }));
  await boss.work<RunJobData>(
    QUEUES.runs,
    {
      batchSize: positiveIntEnv("RUN_WORKER_BATCH_SIZE", 8),
      localConcurrency: positiveIntEnv("RUN_WORKER_CONCURRENCY", 4),
      burstWhenBatchFull: true,
      // The safety net: delayed jobs (concurrency re-queues, retries) are not announced when they
      // come due, and a notice sent while the wake-up listener reconnects is lost.
      pollingIntervalSeconds: positiveIntEnv("RUN_WORKER_POLL_SECONDS", 1),
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
  const wakeups = new RunWakeups(boss);
  boss.once("stopped", () => void wakeups.stop());
  await wakeups.start();
}
