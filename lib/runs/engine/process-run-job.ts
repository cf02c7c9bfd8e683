import { positiveEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { enqueueRun } from "@/lib/runs/queue";
import { metrics } from "@/lib/telemetry/metrics";
import { executeRun, type ExecuteOutcome } from "./execute-run";
import { runLocker } from "./run-lock";

// One run job: take the run's lock, execute from the last checkpoint, let go. A run another
// worker is still executing (its lock is held: a stalled worker whose job was handed over, or a
// duplicate job) is re-queued a little later instead of being executed twice.

function sliceMs(): number {
  return positiveEnv("RUN_SLICE_SECONDS", 300) * 1000;
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
  try {
    outcome = await executeRun(runId, { lock, shutdown, sliceMs: sliceMs() });
  } catch (err) {
    metrics().runExecutions.inc({ outcome: "error" });
    throw err;
  } finally {
    await locker.unlock(lock);
  }
  metrics().runExecutions.inc({ outcome: outcome.kind });
  if (outcome.kind === "requeue") {
    // The new job may sit beside this active one (stately queue), so this is safe.
    await enqueueRun(runId, outcome.afterSeconds > 0 ? { startAfter: outcome.afterSeconds } : {});
  }
  return outcome.kind === "retry" ? "retry" : "completed";
}
