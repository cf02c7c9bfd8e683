import { db } from "@/lib/db/client";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { openApproval, refuseOverBudget, undecided } from "./approval-step";
import { runCallStep } from "./call-step";
import { contextOf, type Exec } from "./exec-state";
import { planToolCall, prepareTool, type ToolPlan } from "./executors/tool";
import { StepError } from "./step-error";
import { stepFailed, type Flow } from "./step-outcomes";

// A tool step. A tool whose policy is `approval_required` is called only after an approval
// bound to this exact call — instance, tool and the SHA-256 of the canonical arguments — was
// granted: the first visit asks (the run waits, no worker does), a visit after the decision
// re-plans the call and makes it only if it is still the one approved. Then it is an ordinary
// call step: budget, attempts, timeouts, usage.

function approvalMessage(plan: ToolPlan): string {
  const args = JSON.stringify(plan.arguments, null, 2);
  return `Call the tool ${plan.tool} of MCP instance ${plan.instanceId} with these arguments:\n${args.length > 3500 ? `${args.slice(0, 3500)}…` : args}`;
}

export async function runToolStep(exec: Exec, node: NodeOf<"tool">, index: number): Promise<Flow> {
  const row = exec.steps.get(node.id);
  let plan: ToolPlan;
  try {
    plan = await planToolCall(node, contextOf(exec));
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    return stepFailed(exec, node, { input: null, error: err, attempt: 0, attemptLog: [], startedAt: row?.startedAt ?? new Date() });
  }
  const call = { instanceId: plan.instanceId, tool: plan.tool, arguments: plan.arguments, argumentsHash: plan.argumentsHash };
  let approved = false;
  if (plan.policy === "approval_required" && row?.status !== "running") {
    const approval = await db.approval.findUnique({ where: { runId_nodeId: { runId: exec.ref.id, nodeId: node.id } } });
    if (!approval) {
      const overBudget = await refuseOverBudget(exec, node);
      if (overBudget) return overBudget;
      return openApproval(exec, node, { message: approvalMessage(plan), approverRole: node.config.approverRole, allowSelfApproval: node.config.allowSelfApproval, expiresInSeconds: 24 * 3600, toolCall: call });
    }
    if (approval.status !== "approved") return undecided(exec, node, row!, approval);
    if (approval.toolInstanceId !== plan.instanceId || approval.toolName !== plan.tool || approval.toolArgumentsHash !== plan.argumentsHash) {
      const error = new StepError("approval_mismatch", "The approved call is not the call this step would make now", false, { approved: { instanceId: approval.toolInstanceId, tool: approval.toolName, argumentsHash: approval.toolArgumentsHash }, now: call });
      return stepFailed(exec, node, { input: call, error, attempt: 1, attemptLog: [], startedAt: row?.startedAt ?? new Date() });
    }
    approved = true;
  } else if (plan.policy === "approval_required") {
    // Resumed mid-call (a worker died during the approved call): the approval was checked before the first attempt.
    const approval = await db.approval.findUnique({ where: { runId_nodeId: { runId: exec.ref.id, nodeId: node.id } }, select: { status: true, toolArgumentsHash: true } });
    approved = approval?.status === "approved" && approval.toolArgumentsHash === plan.argumentsHash;
  }
  return runCallStep(exec, node, index, async () => prepareTool(node, contextOf(exec), plan, approved));
}
