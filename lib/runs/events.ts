import { afterCommit } from "@/lib/db/after-commit";
import type { Tx } from "@/lib/db/client";
import { publishRunEventNotices, runEventsViaRedis } from "./run-event-bus";

// Every change to a run is an event with a per-run sequence number (the SSE event id). Its notice
// (NOTIFY, or with REDIS_URL a Redis publish: run-event-bus.ts) is sent at or after commit, so a
// listener never sees an event whose row is not yet visible.

export const RUN_EVENTS_CHANNEL = "run_events"; // also named in SQL: run_events_append, agent_calls_commit

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
 * their sequence numbers. One statement whatever the count: the SQL function run_events_append
 * (prisma/migrations/*_run_checkpoint_fn) allocates the numbers on the run row, inserts the rows
 * and sends ONE NOTIFY for all of them; the engine's checkpoint calls the same function.
 */
export async function appendRunEvents(tx: Tx, run: RunRef, events: PendingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const viaRedis = runEventsViaRedis();
  const rows = await tx.$queryRaw<{ notices: NoticeItem[] }[]>`
    SELECT run_events_append(${run.id}, ${run.workspaceId}, ${run.projectId}, ${JSON.stringify(events)}::jsonb, ${new Date().toISOString()}::timestamp, ${!viaRedis}) AS notices`;
  const items = rows[0]?.notices ?? [];
  if (items.length !== events.length) throw new Error(`run ${run.id} not found while appending its events`);
  if (viaRedis) {
    const notices = noticesOf(run, items);
    afterCommit(tx, () => publishRunEventNotices(notices));
  }
  return items.map((n) => n.seq);
}

/** What run_events_append returns and a batched NOTIFY carries per event. */
export type NoticeItem = { seq: number; type: RunEventType; status?: string };

/** The notices of events appended to `run`. */
export function noticesOf(run: RunRef, items: NoticeItem[]): RunEventNotice[] {
  return items.map((n) => ({ runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq: n.seq, type: n.type, ...(n.status ? { status: n.status } : {}) }));
}

/**
 * A NOTIFY payload on run_events as notices: one per checkpoint, {runId, workspaceId, projectId,
 * events: [{seq, type, status?}]}; a single notice (the gateway's batch writer) is also accepted.
 */
export function parseRunEventNotify(payload: string): RunEventNotice[] {
  let v: RunEventNotice & { events?: NoticeItem[] };
  try {
    v = JSON.parse(payload) as typeof v;
  } catch {
    return [];
  }
  if (!v || typeof v !== "object") return [];
  return Array.isArray(v.events) ? noticesOf({ id: v.runId, workspaceId: v.workspaceId, projectId: v.projectId }, v.events) : [v];
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
