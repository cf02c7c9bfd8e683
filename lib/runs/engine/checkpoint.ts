import { asJson } from "@/lib/db/json";
import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RunRef } from "@/lib/runs/events";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import { FENCE_SQL, type RunLock } from "./run-lock";
import { LOCK_LOST, StopExecution } from "./step-error";

// Every write the engine makes goes through runTx: one transaction that first locks the Run
// row and, in the same statement, proves this worker still holds the run's advisory lock
// (see run-lock.ts). The row lock orders the engine against cancel / approve / expire from
// the API; the fence makes a worker that lost its lock write nothing at all.

export type Head = { status: string; cancelRequested: boolean; spent: bigint };
export type AttemptLogEntry = { attempt: number; startedAt: string; finishedAt: string; latencyMs: number; error?: { code: string; message: string } };

export async function runTx<T>(run: RunRef, lock: RunLock, fn: (tx: Tx, head: Head) => Promise<T>): Promise<T> {
  // The Run row is locked before the balance row (as cancel does); code taking them the other
  // way round can deadlock with us, and then this transaction is simply tried again.
  return retryOnDeadlock(() => db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRawUnsafe<(Head & { fenced: boolean })[]>(
        `SELECT status::text AS status, ("cancelRequestedAt" IS NOT NULL) AS "cancelRequested", spent, ${FENCE_SQL} AS fenced
           FROM "Run" WHERE id = $1 FOR UPDATE OF "Run"`,
        run.id,
        lock.pid,
        lock.keys[0],
        lock.keys[1],
      );
      const head = rows[0];
      if (!head) throw new StopExecution("run deleted");
      if (!head.fenced) throw new StopExecution(LOCK_LOST);
      return fn(tx, { status: head.status, cancelRequested: head.cancelRequested, spent: head.spent });
    },
    // Waiting for a pooled connection under load is normal; a checkpoint is never abandoned for it.
    { maxWait: 30_000, timeout: 60_000 },
  ));
}


export type StepWrite = {
  nodeId: string;
  nodeType: string;
  seq: number;
  status: "running" | "succeeded" | "failed" | "skipped" | "waiting_approval" | "canceled";
  attempts: number;
  attemptLog: AttemptLogEntry[];
  input?: unknown;
  output?: unknown;
  error?: unknown;
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: bigint;
  latencyMs?: number | null;
  startedAt: Date;
  finishedAt?: Date | null;
};

/** Creates or updates the run's row for a node (one row per node: the checkpoint). */
export async function writeStep(tx: Tx, run: RunRef, s: StepWrite): Promise<void> {
  const data = {
    nodeType: s.nodeType,
    status: s.status,
    attempts: s.attempts,
    attemptLog: asJson(s.attemptLog),
    input: s.input === undefined ? undefined : asJson(s.input),
    output: s.output === undefined ? undefined : asJson(s.output),
    error: s.error === undefined ? undefined : asJson(s.error),
    tokensIn: s.tokensIn ?? null,
    tokensOut: s.tokensOut ?? null,
    cost: s.cost ?? 0n,
    latencyMs: s.latencyMs ?? null,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt ?? null,
  };
  await tx.runStep.upsert({
    where: { runId_nodeId: { runId: run.id, nodeId: s.nodeId } },
    create: { id: newId("runStep"), workspaceId: run.workspaceId, projectId: run.projectId, runId: run.id, nodeId: s.nodeId, seq: s.seq, ...data },
    update: data,
  });
}
