import { asJson } from "@/lib/db/json";
import { toJsonValue } from "@/lib/core/json";
import { genesisHash, receiptStepOf, stepHash } from "@/lib/runs/receipts/canonical-step";
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

export type Head = { status: string; cancelRequested: boolean; spent: bigint; tail: StepTail };
/** The run's last step row by seq (its receipt link is what the next row chains from); null: no rows yet. */
export type StepTail = { seq: number; hash: string | null } | null;
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
      const rows = await tx.$queryRawUnsafe<(Omit<Head, "tail"> & { fenced: boolean; tailSeq: number | null; tailHash: string | null })[]>(
        `SELECT status::text AS status, ("cancelRequestedAt" IS NOT NULL) AS "cancelRequested", spent, ${FENCE_SQL} AS fenced, t.seq AS "tailSeq", t.hash AS "tailHash"
           FROM "Run" LEFT JOIN LATERAL (SELECT seq, hash FROM "RunStep" s WHERE s."runId" = "Run".id ORDER BY seq DESC LIMIT 1) t ON true
          WHERE id = $1 FOR UPDATE OF "Run"`,
        run.id,
        lock.pid,
        lock.keys[0],
        lock.keys[1],
      );
      const head = rows[0];
      if (!head) throw new StopExecution("run deleted");
      if (!head.fenced) throw new StopExecution(LOCK_LOST);
      const tail = head.tailSeq === null ? null : { seq: head.tailSeq, hash: head.tailHash };
      return fn(tx, { status: head.status, cancelRequested: head.cancelRequested, spent: head.spent, tail });
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
  const record = recordOf(s);
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

/** The row's fields as written (and hashed): undefined written as null. */
function recordOf(s: StepWrite) {
  return {
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
}

/**
 * Writes the rows of several steps of one run (a checkpoint's pending steps) with their receipt
 * links. When they are the run's last rows by seq (the usual case), their links are computed
 * here from the previous row's hash and all rows are upserted in one statement; otherwise (a
 * row after them exists, e.g. skipped nodes that took seqs after a call still running) each is
 * written by writeStep, which re-links the rows after it.
 */
export async function writeSteps(tx: Tx, run: RunRef, steps: StepWrite[], tail?: StepTail): Promise<void> {
  if (steps.length === 0) return;
  const sorted = [...steps].sort((a, b) => a.seq - b.seq);
  const from = sorted[0].seq;
  // `tail` (read by the fence in this transaction): steps all after it need no look-up.
  const head =
    tail !== undefined && (tail === null || tail.seq < from)
      ? { prev: tail?.hash ?? null, other: false }
      : (
          await tx.$queryRaw<{ prev: string | null; other: boolean }[]>`
            SELECT (SELECT hash FROM "RunStep" WHERE "runId" = ${run.id} AND seq < ${from} ORDER BY seq DESC LIMIT 1) AS prev,
                   EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = ${run.id} AND seq >= ${from} AND NOT ("nodeId" = ANY(${sorted.map((s) => s.nodeId)}::text[]))) AS other`
        )[0];
  if (head.other || new Set(sorted.map((s) => s.seq)).size !== sorted.length) {
    for (const s of steps) await writeStep(tx, run, s);
    return;
  }
  let prev = head.prev ?? genesisHash(run.id);
  const rows = sorted.map((s) => {
    const record = recordOf(s);
    const prevHash = prev;
    const hash = stepHash(prevHash, receiptStepOf({ ...record, seq: s.seq, nodeId: s.nodeId }));
    prev = hash;
    return {
      ...record,
      id: newId("runStep"),
      nodeId: s.nodeId,
      seq: s.seq,
      cost: String(record.cost),
      startedAt: record.startedAt.toISOString(),
      finishedAt: record.finishedAt ? record.finishedAt.toISOString() : null,
      prevHash,
      hash,
    };
  });
  await tx.$executeRaw`
    INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog", input, output, error,
                           "tokensIn", "tokensOut", cost, "latencyMs", "startedAt", "finishedAt", "prevHash", hash)
    SELECT r.id, ${run.workspaceId}, ${run.projectId}, ${run.id}, r."nodeId", r."nodeType", r.seq, r.status::"RunStepStatus", r.attempts, r."attemptLog", r.input, r.output, r.error,
           r."tokensIn", r."tokensOut", r.cost, r."latencyMs", r."startedAt", r."finishedAt", r."prevHash", r.hash
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, "nodeId" text, "nodeType" text, seq int, status text, attempts int, "attemptLog" jsonb,
           input jsonb, output jsonb, error jsonb, "tokensIn" int, "tokensOut" int, cost bigint, "latencyMs" int, "startedAt" timestamp(3), "finishedAt" timestamp(3),
           "prevHash" text, hash text)
    ON CONFLICT ("runId", "nodeId") DO UPDATE SET
      "nodeType" = EXCLUDED."nodeType", status = EXCLUDED.status, attempts = EXCLUDED.attempts, "attemptLog" = EXCLUDED."attemptLog", input = EXCLUDED.input,
      output = EXCLUDED.output, error = EXCLUDED.error, "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut", cost = EXCLUDED.cost,
      "latencyMs" = EXCLUDED."latencyMs", "startedAt" = EXCLUDED."startedAt", "finishedAt" = EXCLUDED."finishedAt", "prevHash" = EXCLUDED."prevHash", hash = EXCLUDED.hash`;
}
