import "server-only";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import type { LiveRunMessage } from "@/lib/schemas/runs";
import type { RunEventNotice } from "./events";
import { runEventHub } from "./event-hub";
import { presentRun, runDtoSelect } from "./present-run";
import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import type { EventSink } from "@/lib/core/event-sink";

// GET /v1/runs/live: every run event of the project as it commits, with the run's updated
// summary, for the Command Center's live list. Notices are handled in batches (one query for
// all the runs a burst touched) and strictly in arrival order.
//
// After the hub reconnects (notices may have been lost) the stream sends `event: resync`:
// the client reloads its list once, instead of polling.

export async function streamLiveRuns(scope: TenantRef, sink: EventSink): Promise<void> {
  const pending: RunEventNotice[] = [];
  let working = false;

  const drain = async () => {
    while (pending.length && !sink.closed) {
      const batch = pending.splice(0, 200);
      const ids = [...new Set(batch.map((n) => n.runId))];
      const rows = await db.run.findMany({ where: { id: { in: ids }, ...tenantWhere(scope) }, select: runDtoSelect });
      const runs = new Map(rows.map((r) => [r.id, presentRun(r)]));
      for (const n of batch) {
        const run = runs.get(n.runId);
        if (!run) continue; // deleted since (its workflow was removed)
        const data: LiveRunMessage = { runId: n.runId, seq: n.seq, type: n.type, status: run.status, run };
        sink.send({ data });
      }
    }
  };
  const kick = () => {
    if (working || sink.closed) return;
    working = true;
    drain()
      .catch((err: unknown) => {
        logger.error("live runs stream failed", { err });
        sink.close();
      })
      .finally(() => {
        working = false;
        if (pending.length) kick();
      });
  };

  const unsubscribe = await runEventHub.subscribe((s) => {
    if (s.kind === "resync") return sink.send({ event: "resync", data: {} });
    const n = s.notice;
    if (n.workspaceId !== scope.workspace.id || n.projectId !== scope.project.id) return;
    pending.push(n);
    kick();
  });
  sink.onClose(unsubscribe);
  sink.comment("listening");
}
