import { afterCommit } from "@/lib/db/after-commit";
import type { Tx } from "@/lib/db/client";
import { publishRunEventNotices, runEventsViaRedis } from "./run-event-bus";

// Every change to a run is an event with a per-run sequence number (the SSE event id). Its notice
// (NOTIFY, or with REDIS_URL a Redis publish: run-event-bus.ts) is sent at or after commit, so a
// listener never sees an event whose row is not yet visible.

export const RUN_EVENTS_CHANNEL = "run_events";

export type RunEventType =
  | "run.queued"
  | "run.started"
  | "run.waiting_approval"
  | "run.resumed"
  | "run.succeeded"
  | "run.failed"
  | "run.canceled"
  | "run.budget_exceeded"
  | "run.cancel_requested"
  | "step.started"
  | "step.succeeded"
  | "step.failed"
  | "step.retrying"
  | "step.skipped"
  | "step.reused"
  | "approval.requested"
  | "approval.decided"
  | "approval.expired";

export type RunRef = { id: string; workspaceId: string; projectId: string };

/** The NOTIFY payload (kept small: listeners read the row for the rest). */
export type RunEventNotice = { runId: string; workspaceId: string; projectId: string; seq: number; type: RunEventType; status?: string };

/** An event to append: what appendRunEvents writes as a row and announces with a NOTIFY. */
export type PendingEvent = { type: RunEventType; data?: Record<string, unknown>; nodeId?: string | null; status?: string };

/**
 * The one writer of run events: appends `events` to the run inside `tx`, in order, and returns
 * their sequence numbers. One statement whatever the count (allocate the numbers on the run row,
 * insert the rows, queue one NOTIFY per event in sequence order): a step's checkpoint writes
 * several events, and this is the engine's hot path.
 */
export async function appendRunEvents(tx: Tx, run: RunRef, events: PendingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const n = events.length;
  const types = events.map((e) => e.type);
  const nodeIds = events.map((e) => e.nodeId ?? null);
  const data = events.map((e) => JSON.stringify(e.data ?? {}));
  const statuses = events.map((e) => e.status ?? null);
  const viaRedis = runEventsViaRedis();
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    WITH next AS (
      UPDATE "Run" SET "lastEventSeq" = "lastEventSeq" + ${n}::int WHERE id = ${run.id} RETURNING "lastEventSeq" - ${n}::int AS base
    ), e AS (
      SELECT (next.base + t.ord)::int AS seq, t.type, t."nodeId", t.data::jsonb AS data, t.status
        FROM next, unnest(${types}::text[], ${nodeIds}::text[], ${data}::text[], ${statuses}::text[]) WITH ORDINALITY AS t(type, "nodeId", data, status, ord)
    ), ins AS (
      INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
      SELECT ${run.id}, seq, ${run.workspaceId}, ${run.projectId}, type, "nodeId", data, ${new Date()} FROM e
    )
    SELECT o.seq, CASE WHEN ${viaRedis}::boolean THEN NULL ELSE pg_notify(${RUN_EVENTS_CHANNEL}, (
             jsonb_build_object('runId', ${run.id}::text, 'workspaceId', ${run.workspaceId}::text, 'projectId', ${run.projectId}::text, 'seq', o.seq, 'type', o.type)
             || CASE WHEN o.status IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('status', o.status) END)::text)::text END AS notified
      FROM (SELECT seq, type, status FROM e ORDER BY seq) o`;
  if (rows.length !== n) throw new Error(`run ${run.id} not found while appending its events`);
  const seqs = rows.map((r) => r.seq);
  if (viaRedis) {
    const notices = events.map((e, i): RunEventNotice => ({ runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq: seqs[i], type: e.type, ...(e.status ? { status: e.status } : {}) }));
    afterCommit(tx, () => publishRunEventNotices(notices));
  }
  return seqs;
}

/** Appends one event to the run inside `tx` and returns its sequence number. */
export async function appendRunEvent(
  tx: Tx,
  run: RunRef,
  type: RunEventType,
  data: Record<string, unknown> = {},
  opts: { nodeId?: string | null; status?: string } = {},
): Promise<number> {
  const [seq] = await appendRunEvents(tx, run, [{ type, data, nodeId: opts.nodeId, status: opts.status }]);
  return seq;
}
