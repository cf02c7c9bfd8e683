import { tenantWhere, type ActingScope, type TenantScope } from "@/lib/core/scope";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/core/errors";
import { recordAudit } from "@/lib/audit/record";
import type { RunDto } from "@/lib/schemas/runs";
import { appendRunEvent, type RunRef } from "./events";
import { finishRun } from "./finish-run";
import { getRunOrThrow } from "./find-run";
import { presentRun, runDtoSelect } from "./present-run";
import { retryOnDeadlock } from "./retry-deadlock";

async function cancelInTx(tx: Tx, scope: ActingScope & Pick<TenantScope, "principal" | "projectRole">, ref: RunRef): Promise<void> {
  const id = ref.id;
  // The run's row lock orders this against the engine's own status changes; finishRun takes the
  // balance row after it (the lock order of lib/billing), to release the run's hold.
  const rows = await tx.$queryRaw<{ status: string; kind: string; cancelRequestedAt: Date | null }[]>`
    SELECT status::text AS status, kind, "cancelRequestedAt" FROM "Run"
    WHERE id = ${id} AND "workspaceId" = ${ref.workspaceId} AND "projectId" = ${ref.projectId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound("Run");
  const audit = (action: string) =>
    recordAudit({ workspaceId: ref.workspaceId, projectId: ref.projectId, actor: scope.actor, action, target: { type: "run", id }, before: { status: row.status }, request: scope.meta }, tx);

  // An agent run has no engine to stop between steps: it ends now, and the gateway refuses the
  // agent's further calls in it (409 run_finished) — a kill switch for one end-user request.
  if (row.status === "queued" || row.status === "waiting_approval" || (row.status === "running" && row.kind === "agent")) {
    await finishRun(tx, ref, "canceled", { error: { code: "canceled", message: "Canceled by a user" }, actor: scope.actor });
    await audit("run.canceled");
  } else if (row.status === "running") {
    if (row.cancelRequestedAt) return;
    await tx.run.update({ where: { id }, data: { cancelRequestedAt: new Date() } });
    await appendRunEvent(tx, ref, "run.cancel_requested", { requestedById: scope.principal.userId }, { status: "running" });
    await audit("run.cancel_requested");
  } else {
    throw new ApiError("conflict", `The run already ended (${row.status}); only queued, running or waiting runs can be canceled`);
  }
}

/**
 * Cancels a run. Queued, waiting for an approval, or an agent's: it ends now (`canceled`, its hold released,
 * a pending approval canceled). Running: cancelRequestedAt is set and run.cancel_requested
 * appended; the engine stops it before its next step and aborts the call in flight.
 * An ended run cannot be canceled (409).
 */
export async function cancelRun(scope: ActingScope & Pick<TenantScope, "principal" | "projectRole">, id: string): Promise<RunDto> {
  const ref: RunRef = { id, ...tenantWhere(scope) };
  await retryOnDeadlock(() => db.$transaction((tx) => cancelInTx(tx, scope, ref)));
  return presentRun(await getRunOrThrow(scope, id, runDtoSelect));
}
