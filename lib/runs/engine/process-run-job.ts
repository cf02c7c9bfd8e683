import { positiveEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { enqueueRun } from "@/lib/runs/queue";
import { metrics } from "@/lib/telemetry/metrics";
import { isDraining } from "./draining";
import { executeRun, type ExecuteOutcome } from "./execute-run";
import { runLocker } from "./run-lock";

// One run job: take the run's lock, execute from the last checkpoint, let go. A run another
// worker is still executing (its lock is held: a stalled worker whose job was handed over, or a
// duplicate job) is re-queued a little later instead of being executed twice.

function sliceMs(): number {
  return positiveEnv("RUN_SLICE_SECONDS", 300) * 1000;
}

/**
 * What may interrupt the execution: this process shutting down (pg-boss aborts the job's signal
 * when its stop grace ends). pg-boss aborts the same signal when the job's claim is lost — the
 * orphan sweep or the heartbeat expiry failed it, e.g. because this worker, slowed down by load,
 * had not yet taken the run's lock — but the run's lock, not the queue claim, decides who
 * executes: this worker holds it, nobody else can write, so it carries on (a job handed out
 * meanwhile finds the lock held and waits). Cutting the step in flight there made the call be
 * sent again and, under load, the run bounce between workers for tens of seconds.
 */
function shutdownOnly(job: AbortSignal, runId: string): { signal: AbortSignal; dispose(): void } {
  const ctl = new AbortController();
  const onAbort = () => {
    if (isDraining()) ctl.abort(job.reason);
    else logger.info("run job's queue claim was lost; this worker holds the run's lock and carries on", { runId });
  };
  if (job.aborted) onAbort();
  else job.addEventListener("abort", onAbort, { once: true });
  return { signal: ctl.signal, dispose: () => job.removeEventListener("abort", onAbort) };
}

/** Returns "retry" when the job should be failed so that pg-boss hands it out again. */
export async function processRunJob(runId: string, shutdown: AbortSignal): Promise<"completed" | "retry"> {
  const locker = runLocker();
  const lock = await locker.tryLock(runId);
  if (!lock) {
    logger.info("run is locked by another executor; re-queued", { runId });
    metrics().runExecutions.inc({ outcome: "locked" });
    await enqueueRun(runId, { startAfter: 2 });
    return "completed";
  }
  let outcome: ExecuteOutcome;
  const interrupt = shutdownOnly(shutdown, runId);
  try {
    outcome = await executeRun(runId, { lock, shutdown: interrupt.signal, sliceMs: sliceMs() });
  } catch (err) {
    metrics().runExecutions.inc({ outcome: "error" });
    throw err;
  } finally {
    interrupt.dispose();
    await locker.unlock(lock);
  }
  metrics().runExecutions.inc({ outcome: outcome.kind });
  if (outcome.kind === "requeue") {
    // The new job may sit beside this active one (stately queue), so this is safe.
    await enqueueRun(runId, outcome.afterSeconds > 0 ? { startAfter: outcome.afterSeconds } : {});
  }
  return outcome.kind === "retry" ? "retry" : "completed";
}
