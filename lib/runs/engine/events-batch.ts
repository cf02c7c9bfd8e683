import { asJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";
import { RUN_EVENTS_CHANNEL, type RunEventNotice, type RunEventType, type RunRef } from "@/lib/runs/events";

// appendRunEvent for several events at once: the same rows, sequence numbers and NOTIFY
// payloads, in three statements instead of three per event (a step's checkpoint writes two to
// four events, and this is the engine's hot path).

export type PendingEvent = { type: RunEventType; data?: Record<string, unknown>; nodeId?: string | null; status?: string };

export async function appendRunEvents(tx: Tx, run: RunRef, events: PendingEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { lastEventSeq } = await tx.run.update({
    where: { id: run.id },
    data: { lastEventSeq: { increment: events.length } },
    select: { lastEventSeq: true },
  });
  const first = lastEventSeq - events.length + 1;
  await tx.runEvent.createMany({
    data: events.map((e, i) => ({
      runId: run.id,
      seq: first + i,
      workspaceId: run.workspaceId,
      projectId: run.projectId,
      type: e.type,
      nodeId: e.nodeId ?? null,
      data: asJson(e.data ?? {}),
    })),
  });
  const notices = events.map((e, i): string => {
    const notice: RunEventNotice = { runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, seq: first + i, type: e.type, ...(e.status ? { status: e.status } : {}) };
    return JSON.stringify(notice);
  });
  await tx.$executeRaw`SELECT pg_notify(${RUN_EVENTS_CHANNEL}, n) FROM unnest(${notices}::text[]) AS n`;
}
