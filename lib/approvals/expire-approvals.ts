import { db, type Tx } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { appendRunEvent, type RunRef } from "@/lib/runs/events";
import { finishRun, type RunError } from "@/lib/runs/finish-run";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import { updateStepsHashed } from "@/lib/runs/receipts/chain-steps";

// Approvals nobody decided in time fail their runs (`approval_expired`). The engine's worker
// calls expireApprovals every few seconds; deciding an expired approval expires it at once.

const SYSTEM = { type: "system" as const, label: "approval expiry" };

async function expireInTx(tx: Tx, id: string, workspaceId: string, now: Date): Promise<boolean> {
  // Run row, then balance row (lib/billing's lock order): updateStepsHashed locks the run before
  // finishRun releases its hold.
  // The conditional update is the claim: a concurrent decision or expiry finds nothing to change.
  const rows = await tx.approval.updateManyAndReturn({
    where: { id, status: "pending", expiresAt: { lte: now } },
    data: { status: "expired", decidedAt: now },
    select: { id: true, runId: true, nodeId: true, workspaceId: true, projectId: true, expiresAt: true, gatewayToolId: true },
  });
  const a = rows[0];
  if (!a) return false;
  const run: RunRef = { id: a.runId, workspaceId: a.workspaceId, projectId: a.projectId };
  if (a.gatewayToolId) {
    // An agent's gateway call: nobody granted it, so its retry stays refused. The agent's run is
    // not failed by it (the request may long be over); one still waiting on it goes on.
    await appendRunEvent(tx, run, "approval.expired", { approvalId: a.id, expiresAt: a.expiresAt.toISOString() }, { nodeId: a.nodeId });
    const resumed = await tx.run.updateMany({ where: { id: a.runId, status: "waiting_approval" }, data: { status: "running" } });
    if (resumed.count === 1) await appendRunEvent(tx, run, "run.resumed", { approvalId: a.id }, { status: "running" });
    await recordAudit(
      { workspaceId: a.workspaceId, projectId: a.projectId, actor: SYSTEM, action: "approval.expired", target: { type: "approval", id: a.id }, before: { status: "pending" }, after: { status: "expired" }, metadata: { runId: a.runId, nodeId: a.nodeId, expiresAt: a.expiresAt.toISOString() } },
      tx,
    );
    return true;
  }
  const error: RunError = { code: "approval_expired", message: "The approval expired before anyone decided", nodeId: a.nodeId };
  await updateStepsHashed(tx, a.runId, { nodeId: a.nodeId, status: "waiting_approval" }, { status: "failed", error, finishedAt: now });
  await appendRunEvent(tx, run, "approval.expired", { approvalId: a.id, expiresAt: a.expiresAt.toISOString() }, { nodeId: a.nodeId });
  await appendRunEvent(tx, run, "step.failed", { nodeType: "approval", error }, { nodeId: a.nodeId });
  await finishRun(tx, run, "failed", { error, actor: SYSTEM });
  await recordAudit(
    {
      workspaceId: a.workspaceId,
      projectId: a.projectId,
      actor: SYSTEM,
      action: "approval.expired",
      target: { type: "approval", id: a.id },
      before: { status: "pending" },
      after: { status: "expired" },
      metadata: { runId: a.runId, nodeId: a.nodeId, expiresAt: a.expiresAt.toISOString() },
    },
    tx,
  );
  return true;
}

/** Expires one approval if it is pending and past its deadline; false when it was not. */
export async function expireApproval(id: string, now: Date = new Date()): Promise<boolean> {
  const target = await db.approval.findUnique({ where: { id }, select: { workspaceId: true } });
  if (!target) return false;
  return retryOnDeadlock(() => db.$transaction((tx) => expireInTx(tx, id, target.workspaceId, now)));
}

/** Expires every pending approval past its deadline (in batches of 100); returns how many. */
export async function expireApprovals(now: Date = new Date()): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await db.approval.findMany({ where: { status: "pending", expiresAt: { lte: now } }, select: { id: true }, orderBy: { expiresAt: "asc" }, take: 100 });
    for (const a of due) if (await expireApproval(a.id, now)) expired++;
    if (due.length < 100) return expired;
  }
}
