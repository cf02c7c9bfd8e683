import type { Tx } from "@/lib/db/client";
import type { RunStep } from "@/lib/generated/prisma/client";
import { appendRunEvents, type PendingEvent, type RunRef } from "@/lib/runs/events";
import { finishRun, type RunError } from "@/lib/runs/finish-run";
import { isTerminalRunStatus } from "@/lib/schemas/runs";
import type { WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import type { ExpressionScope } from "@/lib/workflows/expressions";
import { publishEvent } from "@/lib/webhooks/publish-event";
import { ceilingOf } from "@/lib/metering/check-budget";
import { runUsageOwner } from "@/lib/metering/budget-owner";
import { recordUsage, type UsageItem } from "@/lib/metering/record-usage";
import { runTx, writeSteps, type Head, type StepWrite } from "./checkpoint";
import type { LoadedRun } from "./load-run";
import { isActive, type NodeOutcome } from "./routing";
import type { RunLock } from "./run-lock";
import { StopExecution } from "./step-error";
import type { ExecContext } from "./executors/types";

// The state of one run while a job executes it, and `commit`, the one way its steps reach the
// database. commit also carries what piggybacks on the next transaction: the start of the run
// (concurrency gate, status running, run.started), the rows of skipped nodes and the outcomes
// of pure steps (trigger, transform, condition, output). A pure step changes nothing outside the
// run, so it needs no checkpoint of its own: it rides on the next side-effecting step's commit
// (or the run's end), and a crash before that commit simply executes it again.

export type Exec = {
  ref: RunRef & { workflowId: string | null };
  run: NonNullable<LoadedRun>["run"];
  lock: RunLock;
  graph: WorkflowGraph;
  order: string[];
  steps: Map<string, RunStep>;
  outcomes: Map<string, NodeOutcome>;
  scope: ExpressionScope;
  nextSeq: number;
  /** The run is `queued`: the first commit must pass the workspace's concurrency gate. */
  needsGate: boolean;
  /** Steps settled but not yet written (skipped nodes, pure steps), in execution order. */
  pending: PendingStep[];
  /** Worker shutdown (pg-boss aborts the job's signal). */
  shutdown: AbortSignal;
  spent: bigint;
  ceiling: bigint;
  /** What the run holds of the workspace's credits (topped up before a step that would pass it). */
  hold: bigint;
  output: unknown;
};

export class GateFull extends Error {
  constructor() {
    super("the workspace is at its concurrent run limit");
  }
}

export const CANCELED = Symbol("canceled");
/** Queues run events; commit appends them all at its end (one sequence allocation, in order). */
export type Emit = (events: PendingEvent[]) => void;

/** A settled step waiting for the next commit: its row, its events and what it is charged. */
export type PendingStep = { step: StepWrite; events: PendingEvent[]; usage: UsageItem[] };

export function newExec(loaded: NonNullable<LoadedRun>, lock: RunLock, shutdown: AbortSignal, graph: WorkflowGraph, order: string[]): Exec {
  const { run, steps } = loaded;
  const exec: Exec = {
    ref: { id: run.id, workspaceId: run.workspaceId, projectId: run.projectId, workflowId: run.workflowId },
    run,
    lock,
    graph,
    order,
    steps: new Map(steps.map((s) => [s.nodeId, s])),
    outcomes: new Map(),
    scope: { input: run.input, steps: {} },
    nextSeq: steps.reduce((m, s) => Math.max(m, s.seq), 0) + 1,
    needsGate: run.status === "queued",
    pending: [],
    shutdown,
    spent: run.spent,
    ceiling: ceilingOf(run),
    hold: run.creditHold,
    output: null,
  };
  return exec;
}

export function contextOf(exec: Exec): ExecContext {
  return { run: { ...exec.ref, input: exec.run.input }, graph: exec.graph, scope: exec.scope, outcomes: exec.outcomes };
}

export function nodeOf(exec: Exec, id: string): WorkflowNode {
  const node = exec.graph.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`node ${id} not in graph`);
  return node;
}

/** Records a finished node's outcome for routing and for later expressions. */
export function settle(exec: Exec, nodeId: string, outcome: NodeOutcome): void {
  exec.outcomes.set(nodeId, outcome);
  if (outcome.status === "succeeded") exec.scope.steps[nodeId] = { output: outcome.output };
  if (outcome.status === "succeeded" && nodeOf(exec, nodeId).type === "output") exec.output = outcome.output;
}

export function takeSeq(exec: Exec, nodeId: string): number {
  return exec.steps.get(nodeId)?.seq ?? exec.nextSeq++;
}

/** Queues the row of a node that will not run (written with the next commit). */
export function skip(exec: Exec, node: WorkflowNode): void {
  const now = new Date();
  exec.pending.push({
    step: { nodeId: node.id, nodeType: node.type, seq: takeSeq(exec, node.id), status: "skipped", attempts: 0, attemptLog: [], startedAt: now, finishedAt: now },
    events: [{ type: "step.skipped", nodeId: node.id, data: { nodeType: node.type } }],
    usage: [],
  });
  settle(exec, node.id, { status: "skipped", output: null });
}

/**
 * After `index` settled: whether every node left would be skipped (then the run can finish in
 * the same transaction). Marks them skipped when so; changes nothing otherwise.
 */
export function restIsSkipped(exec: Exec, index: number): boolean {
  const rest = exec.order.slice(index + 1).filter((id) => !exec.outcomes.has(id));
  const trial = new Map(exec.outcomes);
  for (const id of rest) {
    const row = exec.steps.get(id);
    if (row && row.status !== "skipped") return false;
    if (isActive(exec.graph, id, trial)) return false;
    trial.set(id, { status: "skipped", output: null });
  }
  for (const id of rest) skip(exec, nodeOf(exec, id));
  return true;
}

async function startRunInTx(tx: Tx, exec: Exec, emit: Emit): Promise<void> {
  const ws = exec.ref.workspaceId;
  // One start at a time per workspace, so two workers cannot both take the last free slot.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`run-concurrency:${ws}`}))`;
  const first = !exec.run.startedAt;
  const startedAt = exec.run.startedAt ?? new Date();
  const started = await tx.$executeRaw`
    UPDATE "Run" SET status = 'running', "startedAt" = ${startedAt}, "updatedAt" = clock_timestamp()
     WHERE id = ${exec.ref.id}
       AND (SELECT count(*) FROM "Run" WHERE "workspaceId" = ${ws} AND status = 'running')
           < coalesce((SELECT "maxConcurrentRuns" FROM "Workspace" WHERE id = ${ws}), 10)`;
  if (started === 0) throw new GateFull();
  if (first) {
    const data = { runId: exec.ref.id, workflowId: exec.ref.workflowId };
    emit([{ type: "run.started", data, status: "running" }]);
    await publishEvent(tx, { workspaceId: ws, projectId: exec.ref.projectId, type: "run.started", data });
  }
  exec.run.startedAt = startedAt;
}

/** Writes the pending steps (rows, events, usage) in `tx`. */
async function writePending(tx: Tx, exec: Exec, emit: Emit, head: Head): Promise<void> {
  if (exec.pending.length === 0) return;
  // Nothing wrote steps since the fence read the run's last one (head.tail).
  await writeSteps(tx, exec.ref, exec.pending.map((p) => p.step), head.tail);
  emit(exec.pending.flatMap((p) => p.events));
  const usage = exec.pending.flatMap((p) => p.usage);
  if (usage.length) exec.spent += await recordUsage(tx, runUsageOwner(exec.ref), usage);
}

/**
 * One checkpoint transaction. Returns CANCELED (after ending the run as canceled, in the same
 * transaction) when a cancel was requested; throws StopExecution when the run already ended or
 * this worker lost its lock, and GateFull when the run may not start yet. The steps settled
 * since the last commit are written first; the run events of the whole transaction are
 * appended at its end.
 */
export async function commit<T>(exec: Exec, fn: (tx: Tx, emit: Emit, head: Head) => Promise<T>, opts: { start?: boolean } = {}): Promise<T | typeof CANCELED> {
  const start = exec.needsGate && opts.start !== false;
  const result = await runTx(exec.ref, exec.lock, async (tx, head) => {
    if (isTerminalRunStatus(head.status)) throw new StopExecution(`run is ${head.status}`);
    const events: PendingEvent[] = [];
    const emit: Emit = (e) => void events.push(...e);
    exec.spent = head.spent;
    let out: T | typeof CANCELED;
    if (head.cancelRequested) {
      // Steps that completed before the cancel are kept (and charged), as if each had committed.
      if (!start) await writePending(tx, exec, emit, head);
      await finishRun(tx, exec.ref, "canceled", { error: { code: "canceled", message: "Canceled by a user" }, emit });
      out = CANCELED;
    } else {
      if (start) await startRunInTx(tx, exec, emit);
      await writePending(tx, exec, emit, head);
      out = await fn(tx, emit, head);
    }
    await appendRunEvents(tx, exec.ref, events);
    return out;
  });
  if (start) exec.needsGate = false;
  exec.pending = [];
  return result;
}

/** Ends the run from inside a commit (status event, webhooks, hold released, audit). */
export function endRun(tx: Tx, exec: Exec, emit: Emit, status: "succeeded" | "failed" | "budget_exceeded", error?: RunError) {
  return finishRun(tx, exec.ref, status, status === "succeeded" ? { output: exec.output, emit } : { error, emit });
}
