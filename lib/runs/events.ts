import { asJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";

// Every change to a run is an event with a per-run sequence number (the SSE event id). The
// NOTIFY is sent at commit, so a listener never sees an event whose row is not yet visible.

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
 * their sequence numbers. Three statements whatever the count (allocate the numbers, insert
 * the rows, queue the NOTIFYs): a step's checkpoint writes two to four events, and this is the
 * engine's hot path.
 */
export async function appendRunEvents(tx: Tx, run: RunRef, events: PendingEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const { lastEventSeq } = await tx.run.update({
    where: { id: run.id },
    data: { lastEventSeq: { increment: events.length } },
    select: { lastEventSeq: true },
  });
  const seqs = events.map((_, i) => lastEventSeq - events.length + 1 + i);
  await tx.runEvent.createMany({
    data: events.map((e, i) => ({
      runId: run.id,
      seq: seqs[i],
      workspaceId: run.workspaceId,
      projectId: run.projectId,
      type: e.type,
      nodeId: e.nodeId ?? null,
      data: asJson(e.data ?? {}),
    })),
  });
  const notices = events.map((e, i): string => {
    const notice: RunEventNotice = { runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq: seqs[i], type: e.type, ...(e.status ? { status: e.status } : {}) };
    return JSON.stringify(notice);
  });
  // unnest keeps the array's order, so listeners get the notices in sequence order.
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, n) FROM unnest(${notices}::text[]) AS n`;
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
