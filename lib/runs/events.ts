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

/** Appends an event to the run inside `tx` and returns its sequence number. */
export async function appendRunEvent(
  tx: Tx,
  run: RunRef,
  type: RunEventType,
  data: Record<string, unknown> = {},
  opts: { nodeId?: string | null; status?: string } = {},
): Promise<number> {
  const { lastEventSeq: seq } = await tx.run.update({
    where: { id: run.id },
    data: { lastEventSeq: { increment: 1 } },
    select: { lastEventSeq: true },
  });
  await tx.runEvent.create({
    data: {
      runId: run.id,
      seq,
      workspaceId: run.workspaceId,
      projectId: run.projectId,
      type,
      nodeId: opts.nodeId ?? null,
      data: asJson(data),
    },
  });
  const notice: RunEventNotice = { runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq, type, ...(opts.status ? { status: opts.status } : {}) };
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, ${JSON.stringify(notice)})`;
  return seq;
}
