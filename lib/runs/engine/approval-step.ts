import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { asJson } from "@/lib/db/json";
import type { NodeOf, WorkflowNode } from "@/lib/schemas/workflow-graph";
import { renderTemplate } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { budgetRefusal, stepEstimate } from "./budget";
import { writeStep } from "./checkpoint";
import { commit, takeSeq, type Exec } from "./exec-state";
import { StepError } from "./step-error";
import { stepFailed, stepSucceeded, type Flow } from "./step-outcomes";

// An approval gate (an approval node, or a tool step whose tool needs approval). First visit: a pending Approval, the step and the run `waiting_approval`,
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
  return undecided(exec, node, row, approval);
}

type StepRow = NonNullable<ReturnType<Exec["steps"]["get"]>>;
type ApprovalRow = Awaited<ReturnType<typeof db.approval.findUnique>>;

/** A visit that finds no approval granted: back to waiting while undecided, else the step fails. */
export async function undecided(exec: Exec, node: WorkflowNode, row: StepRow, approval: ApprovalRow): Promise<Flow> {
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
  const overBudget = await refuseOverBudget(exec, node);
  if (overBudget) return overBudget;
  let message: string;
  try {
    message = await renderTemplate(node.config.message, exec.scope);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    return stepFailed(exec, node, { input: null, error: new StepError("expression_error", err.message, false), attempt: 1, attemptLog: [], startedAt: new Date() });
  }
  const c = node.config;
  return openApproval(exec, node, { message, approverRole: c.approverRole, allowSelfApproval: c.allowSelfApproval, expiresInSeconds: c.expiresInSeconds });
}

/** What an approval asks: who may decide, until when, and — for a tool step — the one call it allows. */
export type ApprovalRequest = {
  message: string;
  approverRole: "project_admin" | "project_contributor";
  allowSelfApproval: boolean;
  expiresInSeconds: number;
  toolCall?: { instanceId: string; tool: string; arguments: Record<string, unknown>; argumentsHash: string };
};

/** The step fails before asking anyone when the run's budget (or its credits) does not cover it; null when it does. */
export async function refuseOverBudget(exec: Exec, node: WorkflowNode): Promise<Flow | null> {
  const error = await budgetRefusal(exec, stepEstimate());
  return error ? stepFailed(exec, node, { input: null, error, attempt: 0, attemptLog: [], startedAt: new Date() }) : null;
}

/**
 * First visit: a pending Approval, the step and the run `waiting_approval`, approval.requested
 * (event and webhook), and the job ends: no worker waits for a human.
 */
export async function openApproval(exec: Exec, node: WorkflowNode, request: ApprovalRequest): Promise<Flow> {
  const startedAt = new Date();
  const { message, approverRole, allowSelfApproval, toolCall } = request;
  const expiresAt = new Date(startedAt.getTime() + request.expiresInSeconds * 1000);
  const input = { message, approverRole, allowSelfApproval, expiresAt: expiresAt.toISOString(), ...(toolCall ? { toolCall } : {}) };
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
        approverRole,
        allowSelfApproval,
        requestedById: exec.run.startedById,
        expiresAt,
        ...(toolCall
          ? { toolInstanceId: toolCall.instanceId, toolName: toolCall.tool, toolArguments: asJson(toolCall.arguments), toolArgumentsHash: toolCall.argumentsHash }
          : {}),
      },
    });
    await writeStep(tx, exec.ref, { nodeId: node.id, nodeType: node.type, seq, status: "waiting_approval", attempts: 1, attemptLog: [], input, startedAt });
    await tx.run.update({ where: { id: exec.ref.id }, data: { status: "waiting_approval" } });
    const data = { approvalId, runId: exec.ref.id, workflowId: exec.ref.workflowId, nodeId: node.id, message, approverRole, expiresAt: expiresAt.toISOString(), ...(toolCall ? { toolCall } : {}) };
    emit([
      { type: "step.started", nodeId: node.id, data: { nodeType: node.type, attempt: 1, input } },
      { type: "approval.requested", nodeId: node.id, data },
      { type: "run.waiting_approval", status: "waiting_approval", data: { approvalId, nodeId: node.id } },
    ]);
    await publishEvent(tx, { workspaceId: exec.ref.workspaceId, projectId: exec.ref.projectId, type: "approval.requested", data });
  });
  return "stop";
}
