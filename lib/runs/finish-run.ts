import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { auditRowOf } from "@/lib/audit/record";
import { type AuditActor } from "@/lib/core/scope";
import { appendRunEvents, type PendingEvent, type RunRef } from "@/lib/runs/events";
import type { TerminalRunStatus } from "@/lib/schemas/runs";
import { updateStepsHashed } from "@/lib/runs/receipts/chain-steps";
import { deliveryIds } from "@/lib/webhooks/publish-event";

// The one way a run reaches a terminal status, used by the engine and by the API (cancel,
// reject, expire): the SQL function run_finish (prisma/migrations/*_run_checkpoint_fn), which the
// engine's one-statement checkpoint calls too. Everything that must happen exactly once per run
// happens there, guarded by a conditional UPDATE: a second caller (another worker, a cancel
// racing the last step) finds the run already terminal and changes nothing.

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

/** run_finish's arguments for ending `run` as `status` (ids and the audit row made here). */
export function finishArgs(run: RunRef, status: TerminalRunStatus, opts: Pick<FinishRunOptions, "output" | "error" | "actor"> = {}) {
  const audit =
    status === "failed" || status === "budget_exceeded"
      ? auditRowOf({
          workspaceId: run.workspaceId,
          projectId: run.projectId,
          actor: opts.actor ?? { type: "system", label: "run engine" },
          action: `run.${status}`,
          target: { type: "run", id: run.id },
          after: { status, error: opts.error ?? null },
        })
      : null;
  return {
    status,
    output: opts.output === undefined ? null : (opts.output ?? null),
    hasOutput: opts.output !== undefined,
    error: opts.error ?? null,
    audit,
    eventId: newId("event"),
    hookIds: deliveryIds(),
  };
}

/** Returns false (and does nothing) when the run is already terminal. */
export async function finishRun(tx: Tx, run: RunRef, status: TerminalRunStatus, opts: FinishRunOptions = {}): Promise<boolean> {
  // Lock order, everywhere: the Run row (run_finish's UPDATE, or the caller's FOR UPDATE before
  // it), then the balance row (run_hold_release): the engine's checkpoint takes them so too.
  const a = finishArgs(run, status, opts);
  const now = new Date();
  const [row] = await tx.$queryRaw<{ ended: PendingEvent | null }[]>`
    SELECT run_finish(${run.id}, ${run.workspaceId}, ${run.projectId}, ${status}, ${JSON.stringify(a.output)}::jsonb, ${a.hasOutput},
                      ${a.error ? JSON.stringify(a.error) : null}::jsonb, ${a.audit ? JSON.stringify(a.audit) : null}::jsonb, ${a.eventId},
                      ${a.hookIds}::text[], ${now.toISOString()}::timestamp) AS ended`;
  if (!row?.ended) return false;
  // Steps left open (a gate nobody decided, a call interrupted by cancel) end with the run.
  await updateStepsHashed(
    tx,
    run.id,
    { status: { in: ["running", "waiting_approval"] } },
    { status: status === "canceled" ? "canceled" : "failed", finishedAt: now },
    { runLocked: true },
  );
  if (opts.emit) opts.emit([row.ended]);
  else await appendRunEvents(tx, run, [row.ended]);
  return true;
}
