import { asJson } from "@/lib/db/json";
import type { Tx } from "@/lib/db/client";
import { lockBalance, releaseRunHold } from "@/lib/billing/credits";
import { recordAudit } from "@/lib/audit/record";
import { type AuditActor } from "@/lib/core/scope";
import { appendRunEvent, type PendingEvent, type RunRef } from "@/lib/runs/events";
import type { TerminalRunStatus } from "@/lib/schemas/runs";
import { updateStepsHashed } from "@/lib/runs/receipts/chain-steps";
import { publishEvent } from "@/lib/webhooks/publish-event";

// The one way a run reaches a terminal status, used by the engine and by the API (cancel,
// reject, expire). Everything that must happen exactly once per run happens here, guarded by
// a conditional UPDATE: a second caller (another worker, a cancel racing the last step) finds
// the run already terminal and changes nothing.

export type RunError = { code: string; message: string; nodeId?: string };

type FinishRunOptions = {
  output?: unknown;
  error?: RunError | null;
  /** Who ended it, for the audit entry of failed / budget_exceeded runs (default: system). */
  actor?: AuditActor;
  /**
   * The engine's checkpoint: it holds the Run row lock already (taken before any balance lock,
   * by its fence), and queues the run's end event with the rest of its events (appended in order
   * at its end).
   */
  emit?: (events: PendingEvent[]) => void;
};

/** Returns false (and does nothing) when the run is already terminal. */
export async function finishRun(tx: Tx, run: RunRef, status: TerminalRunStatus, opts: FinishRunOptions = {}): Promise<boolean> {
  // Balance row before run row, the order every credit-moving transaction of the API takes, so
  // finishing a run cannot deadlock with a cancel or a decision. The engine's checkpoint (emit)
  // locked the run first and takes the balance after it, whatever it does: nothing to add.
  if (!opts.emit) await lockBalance(tx, run.workspaceId);
  const now = new Date();
  const rows = await tx.run.updateManyAndReturn({
    where: { id: run.id, workspaceId: run.workspaceId, status: { in: ["queued", "running", "waiting_approval"] } },
    data: {
      status,
      finishedAt: now,
      ...(opts.output !== undefined ? { output: asJson(opts.output) } : {}),
      ...(opts.error ? { error: asJson(opts.error) } : {}),
    },
    select: { id: true, workflowId: true, versionNumber: true, spent: true, startedAt: true, trigger: true },
  });
  const row = rows[0];
  if (!row) return false;

  // Steps left open (a gate nobody decided, a call interrupted by cancel) end with the run.
  await updateStepsHashed(
    tx,
    run.id,
    { status: { in: ["running", "waiting_approval"] } },
    { status: status === "succeeded" ? "failed" : status === "canceled" ? "canceled" : "failed", finishedAt: now },
    { runLocked: true },
  );
  if (status !== "succeeded") {
    // A gateway call's approval outlives its run: its grant serves the agent's retry, in whatever request.
    await tx.approval.updateMany({
      where: { runId: run.id, status: "pending", gatewayToolId: null },
      data: { status: "canceled", decidedAt: now },
    });
  }

  const data = {
    runId: run.id,
    workflowId: row.workflowId,
    versionNumber: row.versionNumber,
    status,
    spent: Number(row.spent),
    durationMs: row.startedAt ? now.getTime() - row.startedAt.getTime() : null,
    ...(opts.output !== undefined && status === "succeeded" ? { output: opts.output ?? null } : {}),
    ...(opts.error ? { error: opts.error } : {}),
  };
  if (opts.emit) opts.emit([{ type: `run.${status}`, data, status }]);
  else await appendRunEvent(tx, run, `run.${status}`, data, { status });
  await publishEvent(tx, { workspaceId: run.workspaceId, projectId: run.projectId, type: `run.${status}`, data });
  await releaseRunHold(tx, run.id);

  if (status === "failed" || status === "budget_exceeded") {
    await recordAudit(
      {
        workspaceId: run.workspaceId,
        projectId: run.projectId,
        actor: opts.actor ?? { type: "system", label: "run engine" },
        action: `run.${status}`,
        target: { type: "run", id: run.id },
        after: { status, error: opts.error ?? null },
        metadata: { workflowId: row.workflowId },
      },
      tx,
    );
  }
  return true;
}
