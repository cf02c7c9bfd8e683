import { asJson } from "@/lib/db/json";
import { toJsonValue } from "@/lib/core/json";
import { receiptStepOf } from "@/lib/runs/receipts/canonical-step";
import { linkStep, relinkAfter } from "@/lib/runs/receipts/chain-steps";
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
/**
 * One try of a step. `abandoned`: the try was interrupted before its result was recorded (its
 * worker died or stopped mid-call); the same attempt — same idempotency key — was made again,
 * and `startedAt` is when the step was last checkpointed before it.
 */
export type AttemptLogEntry = { attempt: number; startedAt: string; finishedAt: string; latencyMs: number; abandoned?: true; error?: { code: string; message: string } };

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

/**
 * Creates or updates the run's row for a node (one row per node: the checkpoint), with its
 * receipt link computed from exactly what is written (lib/runs/receipts/chain-steps.ts). Fields
 * left undefined are written as null, so the row is the record that was hashed.
 */
export async function writeStep(tx: Tx, run: RunRef, s: StepWrite): Promise<void> {
  const record = {
    nodeType: s.nodeType,
    status: s.status,
    attempts: s.attempts,
    attemptLog: toJsonValue(s.attemptLog),
    input: toJsonValue(s.input),
    output: toJsonValue(s.output),
    error: toJsonValue(s.error),
    tokensIn: s.tokensIn ?? null,
    tokensOut: s.tokensOut ?? null,
    cost: s.cost ?? 0n,
    latencyMs: s.latencyMs ?? null,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt ?? null,
  };
  const link = await linkStep(tx, run.id, receiptStepOf({ ...record, seq: s.seq, nodeId: s.nodeId }));
  const data = {
    ...record,
    attemptLog: asJson(record.attemptLog),
    input: asJson(record.input),
    output: asJson(record.output),
    error: asJson(record.error),
    prevHash: link.prevHash,
    hash: link.hash,
  };
  await tx.runStep.upsert({
    where: { runId_nodeId: { runId: run.id, nodeId: s.nodeId } },
    create: { id: newId("runStep"), workspaceId: run.workspaceId, projectId: run.projectId, runId: run.id, nodeId: s.nodeId, seq: s.seq, ...data },
    update: data,
  });
  if (link.later) await relinkAfter(tx, run.id, s.seq, link.hash);
}
