import { pricing } from "@/lib/billing/pricing";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { runUsageOwner } from "@/lib/metering/budget-owner";
import { recordUsage, type UsageItem } from "@/lib/metering/record-usage";
import { writeStep, type AttemptLogEntry } from "./checkpoint";
import { CANCELED, commit, endRun, restIsSkipped, settle, takeSeq, type Exec } from "./exec-state";
import { finishRun } from "@/lib/runs/finish-run";
import type { StepError } from "./step-error";

// The terminal writes of a step: succeeded (and, when nothing runs after it, the run's end in
// the same transaction), failed (the run fails with it), budget exceeded, canceled.

export type Flow = "continue" | "stop";

type Success = {
  input: unknown;
  output: unknown;
  attempt: number;
  attemptLog: AttemptLogEntry[];
  startedAt: Date;
  finishedAt: Date;
  latencyMs: number;
  usage?: Omit<UsageItem, "nodeId" | "attempt">[];
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: bigint;
};

export async function stepSucceeded(exec: Exec, node: WorkflowNode, index: number, s: Success): Promise<Flow> {
  settle(exec, node.id, { status: "succeeded", output: s.output });
  const last = restIsSkipped(exec, index);
  const seq = takeSeq(exec, node.id);
  const r = await commit(exec, async (tx, emit) => {
    await writeStep(tx, exec.ref, {
      nodeId: node.id,
      nodeType: node.type,
      seq,
      status: "succeeded",
      attempts: s.attempt,
      attemptLog: s.attemptLog,
      input: s.input,
      output: s.output,
      error: null,
      tokensIn: s.tokensIn,
      tokensOut: s.tokensOut,
      cost: s.cost,
      latencyMs: s.latencyMs,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    });
    const fresh = !exec.steps.has(node.id);
    await emit([
      ...(fresh ? [{ type: "step.started" as const, nodeId: node.id, data: { nodeType: node.type, attempt: s.attempt, input: s.input } }] : []),
      {
        type: "step.succeeded",
        nodeId: node.id,
        data: { nodeType: node.type, attempt: s.attempt, output: s.output, latencyMs: s.latencyMs, tokensIn: s.tokensIn ?? null, tokensOut: s.tokensOut ?? null, cost: Number(s.cost ?? 0n) },
      },
    ]);
    // Charged last: the workspace's balance row stays locked from here to the commit, and every
    // run of the workspace needs it.
    const usage = [...(s.usage ?? []), { kind: "step" as const, charge: pricing().stepPrice }].map((u) => ({ ...u, nodeId: node.id, attempt: s.attempt }));
    exec.spent += await recordUsage(tx, runUsageOwner(exec.ref), usage);
    if (last) await endRun(tx, exec, "succeeded");
  });
  return r === CANCELED || last ? "stop" : "continue";
}

type Failure = {
  input: unknown;
  error: StepError;
  attempt: number;
  attemptLog: AttemptLogEntry[];
  startedAt: Date;
  /** Usage of the failed call that is still charged (an http call that got an answer). */
  usage?: Omit<UsageItem, "nodeId" | "attempt">[];
};

export async function stepFailed(exec: Exec, node: WorkflowNode, f: Failure): Promise<Flow> {
  const seq = takeSeq(exec, node.id);
  const now = new Date();
  await commit(exec, async (tx, emit) => {
    await writeStep(tx, exec.ref, {
      nodeId: node.id,
      nodeType: node.type,
      seq,
      status: "failed",
      attempts: f.attempt,
      attemptLog: f.attemptLog,
      input: f.input,
      error: f.error.toJSON(),
      latencyMs: f.attemptLog.at(-1)?.latencyMs ?? null,
      startedAt: f.startedAt,
      finishedAt: now,
    });
    const fresh = !exec.steps.has(node.id);
    await emit([
      ...(fresh && f.attempt > 0 ? [{ type: "step.started" as const, nodeId: node.id, data: { nodeType: node.type, attempt: f.attempt, input: f.input } }] : []),
      { type: "step.failed", nodeId: node.id, data: { nodeType: node.type, attempt: f.attempt, error: f.error.toJSON() } },
    ]);
    if (f.attempt > 0) {
      const usage = [...(f.usage ?? []), { kind: "step" as const, charge: pricing().stepPrice }].map((u) => ({ ...u, nodeId: node.id, attempt: f.attempt }));
      exec.spent += await recordUsage(tx, runUsageOwner(exec.ref), usage);
    }
    const status = f.error.code === "budget_exceeded" ? "budget_exceeded" : "failed";
    await endRun(tx, exec, status, { code: f.error.code, message: f.error.message, nodeId: node.id });
  });
  return "stop";
}

/** The run is canceled while this step was in flight: the step ends `canceled` with the run. */
export async function stepCanceled(exec: Exec, node: WorkflowNode, attempt: number, attemptLog: AttemptLogEntry[], input: unknown, startedAt: Date): Promise<Flow> {
  const seq = takeSeq(exec, node.id);
  await commit(exec, async (tx, emit) => {
    await writeStep(tx, exec.ref, { nodeId: node.id, nodeType: node.type, seq, status: "canceled", attempts: attempt, attemptLog, input, startedAt, finishedAt: new Date() });
    await emit([{ type: "step.failed", nodeId: node.id, data: { nodeType: node.type, attempt, error: { code: "canceled", message: "The run was canceled during this step" } } }]);
    // commit() itself ends the run when the cancel request is visible (finishRun marks this
    // step canceled); this branch covers a run that left `running` without one.
    await finishRun(tx, exec.ref, "canceled", { error: { code: "canceled", message: "Canceled by a user" } });
  });
  return "stop";
}
