import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { renderTemplate } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { wouldExceed } from "@/lib/metering/check-budget";
import { stepEstimate } from "./budget";
import { writeStep } from "./checkpoint";
import { commit, takeSeq, type Exec } from "./exec-state";
import { StepError } from "./step-error";
import { stepFailed, stepSucceeded, type Flow } from "./step-outcomes";

// An approval gate. First visit: a pending Approval, the step and the run `waiting_approval`,
// approval.requested (event and webhook), and the job ends: no worker waits for a human. The
// API's decideApproval re-queues the run after an approve; the next visit finds the decision.

export async function runApprovalStep(exec: Exec, node: NodeOf<"approval">, index: number): Promise<Flow> {
  const row = exec.steps.get(node.id);
  if (!row) return requestApproval(exec, node);

  const approval = await db.approval.findUnique({ where: { runId_nodeId: { runId: exec.ref.id, nodeId: node.id } } });
  if (approval?.status === "approved") {
    const now = new Date();
    return stepSucceeded(exec, node, index, {
      input: row.input,
      output: { approved: true, decidedById: approval.decidedById, comment: approval.comment },
      attempt: Math.max(1, row.attempts),
      attemptLog: [{ attempt: 1, startedAt: row.startedAt.toISOString(), finishedAt: now.toISOString(), latencyMs: now.getTime() - row.startedAt.getTime() }],
      startedAt: row.startedAt,
      finishedAt: approval.decidedAt ?? now,
      latencyMs: (approval.decidedAt ?? now).getTime() - row.startedAt.getTime(),
    });
  }
  if (!approval || approval.status === "pending") {
    // Re-queued while still undecided: back to waiting, nothing else to do.
    await commit(exec, async (tx) => {
      await tx.run.update({ where: { id: exec.ref.id }, data: { status: "waiting_approval" } });
    }, { start: false });
    return "stop";
  }
  const error = new StepError(`approval_${approval.status}`, `The approval was ${approval.status}`, false, { decidedById: approval.decidedById, comment: approval.comment });
  return stepFailed(exec, node, { input: row.input, error, attempt: Math.max(1, row.attempts), attemptLog: [], startedAt: row.startedAt });
}

async function requestApproval(exec: Exec, node: NodeOf<"approval">): Promise<Flow> {
  const startedAt = new Date();
  const estimate = stepEstimate(node.type);
  if (wouldExceed(exec.spent, estimate, exec.ceiling)) {
    const error = new StepError("budget_exceeded", "The run's budget does not cover this step", false, { spent: Number(exec.spent), estimate: Number(estimate), ceiling: Number(exec.ceiling) });
    return stepFailed(exec, node, { input: null, error, attempt: 0, attemptLog: [], startedAt });
  }
  let message: string;
  try {
    message = await renderTemplate(node.config.message, exec.scope);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return stepFailed(exec, node, { input: null, error: new StepError("expression_error", err.message, false), attempt: 1, attemptLog: [], startedAt });
  }
  const c = node.config;
  const expiresAt = new Date(startedAt.getTime() + c.expiresInSeconds * 1000);
  const input = { message, approverRole: c.approverRole, allowSelfApproval: c.allowSelfApproval, expiresAt: expiresAt.toISOString() };
  const seq = takeSeq(exec, node.id);
  const approvalId = newId("approval");
  await commit(exec, async (tx, emit) => {
    await tx.approval.create({
      data: {
        id: approvalId,
        workspaceId: exec.ref.workspaceId,
        projectId: exec.ref.projectId,
        runId: exec.ref.id,
        nodeId: node.id,
        message,
        approverRole: c.approverRole,
        allowSelfApproval: c.allowSelfApproval,
        requestedById: exec.run.startedById,
        expiresAt,
      },
    });
    await writeStep(tx, exec.ref, { nodeId: node.id, nodeType: node.type, seq, status: "waiting_approval", attempts: 1, attemptLog: [], input, startedAt });
    await tx.run.update({ where: { id: exec.ref.id }, data: { status: "waiting_approval" } });
    const data = { approvalId, runId: exec.ref.id, workflowId: exec.ref.workflowId, nodeId: node.id, message, approverRole: c.approverRole, expiresAt: expiresAt.toISOString() };
    await emit([
      { type: "step.started", nodeId: node.id, data: { nodeType: node.type, attempt: 1, input } },
      { type: "approval.requested", nodeId: node.id, data },
      { type: "run.waiting_approval", status: "waiting_approval", data: { approvalId, nodeId: node.id } },
    ]);
    await publishEvent(tx, { workspaceId: exec.ref.workspaceId, projectId: exec.ref.projectId, type: "approval.requested", data });
  });
  return "stop";
}
