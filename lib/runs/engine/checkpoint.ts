import { toJsonValue } from "@/lib/core/json";
import { genesisHash, receiptStepOf, stepHash } from "@/lib/runs/receipts/canonical-step";
import { linkStep, relinkAfter } from "@/lib/runs/receipts/chain-steps";
import { db, type Tx } from "@/lib/db/client";
import type pg from "pg";
import { enginePool } from "@/lib/db/pool";
import { StatementBatcher } from "@/lib/db/statement-batcher";
import { newId } from "@/lib/core/ids";
import type { NoticeItem, RunRef } from "@/lib/runs/events";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import { FENCE_SQL, type RunLock } from "./run-lock";
import { LOCK_LOST, StopExecution } from "./step-error";

// Every write the engine makes goes through runCheckpoint (one statement) or runTx (a
// transaction): each first locks the Run row and, in the same statement, proves this worker
// still holds the run's advisory lock (see run-lock.ts). The row lock orders the engine against cancel / approve / expire from
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


/** What run_checkpoint answers (prisma/migrations/*_checkpoint_sets). */
export type CheckpointResult =
  | { result: "ok"; spent: string; notices: NoticeItem[] }
  | { result: "gone" | "lock_lost" | "gate_full" | "slow" }
  | { result: "terminal"; status: string };

// The Run row is locked and the fence evaluated under that lock by the statement itself (the
// same fence as runTx), then run_checkpoint does the rest: one round trip, one transaction.
const CHECKPOINT_SQL = `SELECT run_checkpoint($1, (SELECT ${FENCE_SQL} FROM "Run" WHERE id = $1 FOR UPDATE), $5::jsonb) AS r`;
// Several runs' checkpoints in one statement and one commit (run_checkpoint_batch: Run rows by id,
// the fences with one look at pg_locks, each run's rules, then one write per table for them all,
// the balances last).
// The payloads travel as one JSON array and the answers come back as one: no text array to escape,
// parse and unescape on either side.
const BATCH = {
  name: "run_checkpoint_batch",
  text: `SELECT to_jsonb(run_checkpoint_batch($1::text[], $2::int[], $3::int[], $4::bigint[],
  ARRAY(SELECT e.p FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS e(p, n) ORDER BY e.n))) AS r`,
};

/** What run_checkpoint takes as `p` (see its migration); `ws` also orders a batch. */
export type CheckpointPayload = { ws: string; [field: string]: unknown };

type Call = { runId: string; ws: string; lock: RunLock; payload: string };

const checkpoints = new StatementBatcher<Call, CheckpointResult>({
  one: (c) =>
    retryOnDeadlock(async () => {
      const { rows } = await enginePool().query<{ r: CheckpointResult }>({
        name: "run_checkpoint",
        text: CHECKPOINT_SQL,
        values: [c.runId, c.lock.pid, c.lock.keys[0], c.lock.keys[1], c.payload],
      });
      return rows[0].r;
    }),
  many: (batch) =>
    retryOnDeadlock(async () => {
      const { rows } = await enginePool().query<{ r: CheckpointResult[] }>({
        ...BATCH,
        values: [batch.map((c) => c.runId), batch.map((c) => c.lock.pid), batch.map((c) => c.lock.keys[0]), batch.map((c) => c.lock.keys[1]), `[${batch.map((c) => c.payload).join(",")}]`],
      });
      return rows[0].r;
    }),
  // Checkpoints in flight at once per process; those that come due meanwhile share the next statement.
  // The second starts only when the first has run RUN_CHECKPOINT_STALL_MS: one at a time under load
  // commits the most (bench:runs: 643 and 754 runs/s against 580 and 620 with two), and a checkpoint
  // waiting for a lock (a gate, a balance row an API transaction holds) holds up the others no longer.
  concurrencyEnv: "RUN_CHECKPOINT_CONCURRENCY",
  concurrency: 2,
  stallEnv: "RUN_CHECKPOINT_STALL_MS",
  stallMs: 100,
  max: 32,
  // Applied (so each workspace's gate and balance taken) by workspace, then run id; the statement
  // locks the Run rows by id first.
  order: (a, b) => (a.ws < b.ws ? -1 : a.ws > b.ws ? 1 : a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0),
});

/** The checkpoint statements a process has in flight at once. */
export const checkpointsInFlight = () => checkpoints.concurrency();

/**
 * Prepares the batch checkpoint's statement on `client` and has its session compile the functions
 * it calls, with an empty batch: no run, so nothing is locked or written (lib/runs/engine/warm-up.ts).
 */
export async function prepareCheckpoint(client: pg.ClientBase): Promise<void> {
  await client.query({ ...BATCH, values: [[], [], [], [], "[]"] });
}

/** One checkpoint in one prepared statement on the engine's raw pool, group-committed with others due at the same moment. */
export function runCheckpoint(runId: string, lock: RunLock, payload: CheckpointPayload): Promise<CheckpointResult> {
  return checkpoints.run({ runId, ws: payload.ws, lock, payload: JSON.stringify(payload) });
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
  await tx.$queryRaw`SELECT run_steps_write(${run.id}, ${run.workspaceId}, ${run.projectId}, ${JSON.stringify([rowJson(s, record, link)])}::jsonb)::text`;
  if (link.later) await relinkAfter(tx, run.id, s.seq, link.hash);
}

/** A step row as run_steps_write takes it (the receipt link computed by the caller). */
function rowJson(s: StepWrite, record: ReturnType<typeof recordOf>, link: { prevHash: string; hash: string }) {
  return {
    ...record,
    id: newId("runStep"),
    nodeId: s.nodeId,
    seq: s.seq,
    cost: String(record.cost),
    startedAt: record.startedAt.toISOString(),
    finishedAt: record.finishedAt ? record.finishedAt.toISOString() : null,
    ...link,
  };
}

/**
 * The rows of steps that follow the row hashed `prev` (null: the run's first), in seq order, each
 * linked to the one before: what run_steps_write writes.
 */
export function chainRows(runId: string, steps: StepWrite[], prev: string | null) {
  let last = prev ?? genesisHash(runId);
  return [...steps]
    .sort((a, b) => a.seq - b.seq)
    .map((s) => {
      const prevHash = last;
      const record = recordOf(s);
      last = stepHash(prevHash, receiptStepOf({ ...record, seq: s.seq, nodeId: s.nodeId }));
      return rowJson(s, record, { prevHash, hash: last });
    });
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
  const rows = chainRows(run.id, sorted, head.prev);
  await tx.$queryRaw`SELECT run_steps_write(${run.id}, ${run.workspaceId}, ${run.projectId}, ${JSON.stringify(rows)}::jsonb)::text`;
}
