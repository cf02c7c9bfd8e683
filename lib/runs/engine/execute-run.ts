import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { addLogContext } from "@/lib/core/log-context";
import { metrics, secondsSince } from "@/lib/telemetry/metrics";
import { inSpan } from "@/lib/telemetry/tracing";
import { finishRun } from "@/lib/runs/finish-run";
import { isTerminalRunStatus } from "@/lib/schemas/runs";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { runApprovalStep } from "./approval-step";
import { runToolStep } from "./tool-step";
import { budgetRefusal, stepEstimate } from "./budget";
import { runCallStep } from "./call-step";
import { runTx } from "./checkpoint";
import { commit, contextOf, GateFull, newExec, nodeOf, settle, skip, type Exec } from "./exec-state";
import { PURE_TYPES, runPure } from "./executors/pure";
import { loadRun } from "./load-run";
import { isActive } from "./routing";
import type { RunLock } from "./run-lock";
import { isDraining } from "./draining";
import { LOCK_LOST, StepError, StopExecution } from "./step-error";
import { stepFailed, stepSucceeded, type Flow } from "./step-outcomes";

// Executes a run from its last checkpoint: nodes in topological order; a node whose row is
// succeeded / skipped / reused is never executed again (its output is restored for later
// expressions); a node no active edge reaches is skipped. The caller holds the run's lock.

/** done: nothing left for this job; requeue: a new job after a delay; retry: fail this job so pg-boss retries it. */
export type ExecuteOutcome = { kind: "done" } | { kind: "requeue"; afterSeconds: number; reason: string } | { kind: "retry"; reason: string };

const DONE_ROWS = new Set(["succeeded", "skipped", "reused"]);

export async function executeRun(runId: string, opts: { lock: RunLock; shutdown: AbortSignal; sliceMs: number }): Promise<ExecuteOutcome> {
  const loaded = await loadRun(runId);
  if (!loaded || isTerminalRunStatus(loaded.run.status)) return { kind: "done" };
  const { run } = loaded;
  addLogContext({ workspaceId: run.workspaceId, projectId: run.projectId });
  if (run.status === "waiting_approval") {
    // Only a decision moves a gate on; the API re-queues the run after it.
    const pending = await db.approval.count({ where: { runId, status: "pending" } });
    if (pending > 0) return { kind: "done" };
  }
  const ref = { id: run.id, workspaceId: run.workspaceId, projectId: run.projectId };

  let plan: { graph: WorkflowGraph; order: string[] };
  try {
    plan = loaded.plan();
  } catch (err) {
    logger.warn("run graph cannot be executed", { runId, err });
    await runTx(ref, opts.lock, (tx) => finishRun(tx, ref, "failed", { error: { code: "invalid_graph", message: "The run's graph cannot be executed (invalid or cyclic)" } }));
    return { kind: "done" };
  }
  const exec = newExec(loaded, opts.lock, opts.shutdown, plan.graph, plan.order);
  const deadline = Date.now() + opts.sliceMs;

  try {
    for (const [index, nodeId] of exec.order.entries()) {
      const node = nodeOf(exec, nodeId);
      const row = exec.steps.get(nodeId);
      if (row && DONE_ROWS.has(row.status)) {
        settle(exec, nodeId, { status: row.status === "skipped" ? "skipped" : "succeeded", output: row.output });
        continue;
      }
      if (!isActive(exec.graph, nodeId, exec.outcomes)) {
        skip(exec, node);
        continue;
      }
      if (opts.shutdown.aborted || isDraining()) return { kind: "retry", reason: "shutdown" };
      // Long runs hand over to a fresh job between steps, well before the job could expire.
      if (Date.now() > deadline) {
        // What settled in this slice is kept, so the next job goes on from here.
        if (exec.pending.length) await commit(exec, {});
        return { kind: "requeue", afterSeconds: 0, reason: "slice" };
      }
      const flow = await timedStep(node.type, () => runNode(exec, nodeId, index), () => exec.outcomes.get(nodeId)?.status);
      if (flow === "stop") return { kind: "done" };
    }
    // Every node settled without a step ending the run (e.g. the last ones were skipped, or
    // the last step's commit happened before a crash): end it now.
    await commit(exec, { end: { status: "succeeded" } });
    return { kind: "done" };
  } catch (err) {
    if (err instanceof GateFull) return { kind: "requeue", afterSeconds: 1 + Math.random(), reason: "concurrency_limit" };
    if (err instanceof StopExecution) {
      logger.info("run execution stopped", { runId, reason: err.reason });
      // A lost lock means another worker may own the run now, or nobody does (our lock
      // connection died): let pg-boss retry the job; whoever holds the lock continues the run.
      return err.reason === LOCK_LOST ? { kind: "retry", reason: err.reason } : { kind: "done" };
    }
    throw err;
  }
}

/** A step's latency by node type (approval: until its gate is set) and its span. */
async function timedStep(nodeType: string, run: () => Promise<Flow>, status: () => string | undefined): Promise<Flow> {
  const start = performance.now();
  let outcome = "error";
  try {
    const flow = await inSpan(`step ${nodeType}`, { attributes: { "agentruntime.node_type": nodeType } }, run);
    outcome = status() ?? "pending";
    return flow;
  } finally {
    metrics().stepDuration.observe({ node_type: nodeType, outcome }, secondsSince(start));
  }
}

async function runNode(exec: Exec, nodeId: string, index: number): Promise<Flow> {
  const node = nodeOf(exec, nodeId);
  if (node.type === "llm" || node.type === "http") return runCallStep(exec, node, index);
  if (node.type === "approval") return runApprovalStep(exec, node, index);
  if (node.type === "tool") return runToolStep(exec, node, index);
  if (!PURE_TYPES.has(node.type)) throw new Error(`unknown node type ${node.type}`);
  const startedAt = new Date();
  const refused = await budgetRefusal(exec, stepEstimate());
  if (refused) return stepFailed(exec, node, { input: null, error: refused, attempt: 0, attemptLog: [], startedAt });
  try {
    const r = await runPure(node, contextOf(exec));
    const finishedAt = new Date();
    const latencyMs = finishedAt.getTime() - startedAt.getTime();
    const attemptLog = [{ attempt: 1, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), latencyMs }];
    return await stepSucceeded(exec, node, index, { input: r.input, output: r.output, attempt: 1, attemptLog, startedAt, finishedAt, latencyMs }, { defer: true });
  } catch (err) {
    if (!(err instanceof StepError)) throw err;
    const finishedAt = new Date();
    const latencyMs = finishedAt.getTime() - startedAt.getTime();
    const attemptLog = [{ attempt: 1, startedAt: startedAt.toISOString(), finishedAt: finishedAt.toISOString(), latencyMs, error: { code: err.code, message: err.message } }];
    return stepFailed(exec, node, { input: null, error: err, attempt: 1, attemptLog, startedAt });
  }
}
