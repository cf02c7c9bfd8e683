import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { traceCarrier } from "@/lib/telemetry/tracing";

// Hands a run to the workers. Call AFTER the transaction that created or resumed the run has
// committed: a worker may pick the job up at once and must find the row.
//
// The runs queue is `stately` with singletonKey = run id, so a run has at most one pending
// job: enqueueing a run that already has one is a no-op (the pending job will execute it),
// and a pending job is not fetched while another job of the same run is active.

/** `trace`: the W3C trace context of whoever queued the run (when tracing is on), continued by the worker. */
export type RunJobData = { runId: string; trace?: Record<string, string> };

export async function enqueueRun(runId: string, opts: { startAfter?: Date | number } = {}): Promise<void> {
  const boss = await getBoss();
  const trace = traceCarrier();
  const data: RunJobData = trace ? { runId, trace } : { runId };
  // A number is seconds from now (pg-boss semantics).
  await boss.send(QUEUES.runs, data, {
    singletonKey: runId,
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
  });
}
