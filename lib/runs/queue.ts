import { db } from "@/lib/db/client";
import { getBoss } from "@/lib/queue/boss";
import { jobStatementDb, type JobStatementParts } from "@/lib/queue/job-statement";
import { QUEUES } from "@/lib/queue/queues";
import { traceCarrier } from "@/lib/telemetry/tracing";

// Hands a run to the workers. Call AFTER the transaction that created or resumed the run has
// committed (or put the job in that transaction: startRun does): a worker may pick the job up
// at once and must find the row.
//
// The runs queue is `stately` with singletonKey = run id, so a run has at most one pending
// job: enqueueing a run that already has one is a no-op (the pending job will execute it),
// and a pending job is not fetched while another job of the same run is active.
//
// A job runnable now sends one NOTIFY on RUN_WAKE_CHANNEL with its insert; each worker wakes
// one idle fetch loop per notice (engine/run-wakeups.ts). pg-boss's own NOTIFY, off for this
// queue, woke every loop of every worker, and all but one fetched nothing.

export const RUN_WAKE_CHANNEL = "agentruntime_runs_ready";

/** `trace`: the W3C trace context of whoever queued the run (when tracing is on), continued by the worker. */
export type RunJobData = { runId: string; trace?: Record<string, string> };

type SendOptions = {
  startAfter?: Date | number;
  /** Runs the insert on this client (a transaction) instead of the pool. */
  client?: Parameters<typeof jobStatementDb>[0];
  /** Rows that commit with the job, in the same statement (lib/queue/job-statement.ts). */
  with?: Pick<JobStatementParts, "ctes" | "values">;
};

/** Inserts the run's job; returns its id, or null when the run already had a pending job. */
export async function sendRunJob(runId: string, opts: SendOptions = {}): Promise<string | null> {
  const boss = await getBoss();
  const trace = traceCarrier();
  const data: RunJobData = trace ? { runId, trace } : { runId };
  const wake = opts.startAfter === undefined ? { channel: RUN_WAKE_CHANNEL, payload: QUEUES.runs } : undefined;
  // A number is seconds from now (pg-boss semantics).
  return boss.send(QUEUES.runs, data, {
    singletonKey: runId,
    ...(opts.startAfter !== undefined ? { startAfter: opts.startAfter } : {}),
    db: jobStatementDb(opts.client ?? db, { ...opts.with, wake }),
  });
}

export async function enqueueRun(runId: string, opts: { startAfter?: Date | number } = {}): Promise<void> {
  await sendRunJob(runId, opts);
}
