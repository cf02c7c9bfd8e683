import "server-only";
import { logger } from "@/lib/core/logger";
import { isTerminalRunStatus, type RunEventMessage } from "@/lib/schemas/runs";
import { runEventHub } from "./event-hub";
import { getRunOrThrow } from "./find-run";
import { eventTick, readRunEventsAfter } from "./read-run-events";
import type { TenantRef } from "@/lib/core/scope";
import type { EventSink } from "@/lib/core/event-sink";

// GET /v1/runs/{id}/events: replays the run's events after Last-Event-ID from the RunEvent
// table, then streams new ones as they commit, and ends after the run's terminal event.
// Rows are the source of truth: a notice only says "look again", so events are always sent in
// seq order, without gaps or duplicates, even when notices arrive late, twice or not at all.
// Streams of the same run share their reads (read-run-events.ts).

const TERMINAL_EVENTS = new Set(["run.succeeded", "run.failed", "run.canceled", "run.budget_exceeded"]);
const BATCH = 500;

/** Last-Event-ID (what EventSource sends on reconnect) or ?lastEventId; anything else counts as 0. */
export function lastEventIdOf(lastEventIdHeader: string | null, fromQuery: number | undefined): number {
  const header = lastEventIdHeader?.trim();
  if (header && /^[0-9]{1,10}$/.test(header)) return Math.min(Number(header), 2_147_483_647);
  return fromQuery ?? 0;
}

/**
 * The stream of a run of the scope's project (404 for another's), as a producer for a sink:
 * the run is looked up now, its events are sent once the transport opens the sink.
 */
export async function openRunEventStream(scope: TenantRef, runId: string, after: number): Promise<(sink: EventSink) => Promise<void>> {
  const run = await getRunOrThrow(scope, runId, { id: true, status: true, lastEventSeq: true });
  const endedAtOpen = isTerminalRunStatus(run.status);

  return async (sink) => {
    let lastSent = after;
    let pumping: Promise<void> | null = null;
    let again = false;
    // When this stream last learnt of a new event (or started listening): its reads must begin after that.
    let noticed = 0;

    const pumpOnce = async () => {
      for (;;) {
        const rows = await readRunEventsAfter(scope.workspace.id, runId, lastSent, BATCH, noticed);
        for (const e of rows) {
          if (sink.closed) return;
          const data: RunEventMessage = { runId, seq: e.seq, type: e.type, nodeId: e.nodeId, data: e.data, createdAt: e.createdAt.toISOString() };
          sink.send({ id: e.seq, data });
          lastSent = e.seq;
          if (TERMINAL_EVENTS.has(e.type)) return end(sink);
        }
        if (rows.length < BATCH) break;
      }
      // A run that had already ended when the stream opened has nothing more to say.
      if (endedAtOpen && lastSent >= run.lastEventSeq) end(sink);
    };
    // One query at a time; a notice during a query asks for one more pass.
    const pump = () => {
      if (sink.closed) return;
      if (pumping) {
        again = true;
        return;
      }
      pumping = pumpOnce()
        .catch((err: unknown) => {
          logger.error("run event stream failed", { runId, err });
          sink.close();
        })
        .finally(() => {
          pumping = null;
          if (again) {
            again = false;
            pump();
          }
        });
    };
    sink.onHeartbeat(() => {
      noticed = eventTick();
      pump();
    });

    if (!endedAtOpen) {
      try {
        const unsubscribe = await runEventHub.subscribe((s) => {
          if (s.kind === "event" && s.notice.runId !== runId) return;
          noticed = eventTick();
          pump();
        });
        sink.onClose(unsubscribe);
      } catch (err) {
        // Without LISTEN the heartbeat still catches up, just less promptly.
        logger.warn("run event stream without live notices", { runId, err });
      }
    }
    noticed = eventTick();
    pump();
  };
}

function end(sink: EventSink): void {
  // EventSource reconnects when a stream closes; `end` tells clients to stop instead.
  sink.send({ event: "end", data: {} });
  sink.close();
}
