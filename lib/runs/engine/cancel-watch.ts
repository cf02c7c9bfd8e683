import { numberEnv } from "@/lib/core/env";
import { db } from "@/lib/db/client";
import { Interrupted } from "./step-error";

// While a side-effecting step is in flight (or waiting to retry), the run's row is polled for a
// cancel request; the step's AbortSignal then fires at once, so a slow upstream call is cut
// instead of finishing into a canceled run. Worker shutdown (pg-boss aborting the job) fires
// the same signal with a different reason: the step is then left to be resumed elsewhere.

function pollMs(): number {
  return numberEnv("RUN_CANCEL_POLL_MS", 500, { min: 50 });
}

type CancelWatch = { signal: AbortSignal; stop(): void };

export function watchForCancel(runId: string, shutdown: AbortSignal): CancelWatch {
  const ctl = new AbortController();
  const onShutdown = () => ctl.abort(new Interrupted("shutdown"));
  if (shutdown.aborted) onShutdown();
  else shutdown.addEventListener("abort", onShutdown, { once: true });
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || ctl.signal.aborted) return;
    busy = true;
    try {
      const run = await db.run.findUnique({ where: { id: runId }, select: { status: true, cancelRequestedAt: true } });
      if (!run || run.cancelRequestedAt || (run.status !== "running" && run.status !== "queued")) ctl.abort(new Interrupted("canceled"));
    } catch {
      // A failed poll is retried on the next tick; the checkpoint re-checks the row anyway.
    } finally {
      busy = false;
    }
  }, pollMs());
  return {
    signal: ctl.signal,
    stop() {
      clearInterval(timer);
      shutdown.removeEventListener("abort", onShutdown);
    },
  };
}
