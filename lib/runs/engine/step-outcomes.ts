import { pricing } from "@/lib/billing/pricing";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import type { UsageItem } from "@/lib/metering/record-usage";
import type { AttemptLogEntry, StepWrite } from "./checkpoint";
import type { PendingEvent } from "@/lib/runs/events";
import { CANCELED, commit, restIsSkipped, settle, takeSeq, type Exec } from "./exec-state";
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

/**
 * A step succeeded. `defer` (pure steps): unless the run ends with it, its row, events and charge
 * wait for the next commit (exec-state.ts) instead of a transaction of their own.
 */
export async function stepSucceeded(exec: Exec, node: WorkflowNode, index: number, s: Success, opts: { defer?: boolean } = {}): Promise<Flow> {
  settle(exec, node.id, { status: "succeeded", output: s.output });
  const last = restIsSkipped(exec, index);
  const seq = takeSeq(exec, node.id);
  const step: StepWrite = {
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
  };
  const fresh = !exec.steps.has(node.id);
  const events: PendingEvent[] = [
    ...(fresh ? [{ type: "step.started" as const, nodeId: node.id, data: { nodeType: node.type, attempt: s.attempt, input: s.input } }] : []),
    {
      type: "step.succeeded",
      nodeId: node.id,
      data: { nodeType: node.type, attempt: s.attempt, output: s.output, latencyMs: s.latencyMs, tokensIn: s.tokensIn ?? null, tokensOut: s.tokensOut ?? null, cost: Number(s.cost ?? 0n) },
    },
  ];
  const usage = [...(s.usage ?? []), { kind: "step" as const, charge: pricing().stepPrice }].map((u) => ({ ...u, nodeId: node.id, attempt: s.attempt }));
  // Written (and charged) after the steps before it: the workspace's balance row stays locked
  // from the charge to the commit, and every run of the workspace needs it.
  exec.pending.push({ step, events, usage });
  if (opts.defer && !last) {
    // Counted now, so the next step's budget check sees it; the commit charges it for real.
    exec.spent += usage.reduce((sum, u) => sum + u.charge, 0n);
    return "continue";
  }
  const r = await commit(exec, last ? { end: { status: "succeeded" } } : {});
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
  const fresh = !exec.steps.has(node.id);
  const step: StepWrite = {
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
    finishedAt: new Date(),
  };
  const events: PendingEvent[] = [
    ...(fresh && f.attempt > 0 ? [{ type: "step.started" as const, nodeId: node.id, data: { nodeType: node.type, attempt: f.attempt, input: f.input } }] : []),
    { type: "step.failed", nodeId: node.id, data: { nodeType: node.type, attempt: f.attempt, error: f.error.toJSON() } },
  ];
  const usage = f.attempt > 0 ? [...(f.usage ?? []), { kind: "step" as const, charge: pricing().stepPrice }].map((u) => ({ ...u, nodeId: node.id, attempt: f.attempt })) : [];
  exec.pending.push({ step, events, usage });
  const status = f.error.code === "budget_exceeded" ? "budget_exceeded" : "failed";
  await commit(exec, { end: { status, error: { code: f.error.code, message: f.error.message, nodeId: node.id } } });
  return "stop";
}

/** The run is canceled while this step was in flight: the step ends `canceled` with the run. */
export async function stepCanceled(exec: Exec, node: WorkflowNode, attempt: number, attemptLog: AttemptLogEntry[], input: unknown, startedAt: Date): Promise<Flow> {
  const seq = takeSeq(exec, node.id);
  exec.pending.push({
    step: { nodeId: node.id, nodeType: node.type, seq, status: "canceled", attempts: attempt, attemptLog, input, startedAt, finishedAt: new Date() },
    events: [{ type: "step.failed", nodeId: node.id, data: { nodeType: node.type, attempt, error: { code: "canceled", message: "The run was canceled during this step" } } }],
    usage: [],
  });
  // commit() itself ends the run when the cancel request is visible; this covers a run that
  // left `running` without one.
  await commit(exec, { end: { status: "canceled" } });
  return "stop";
}
