import type { Tx } from "@/lib/db/client";
import type { RunStep } from "@/lib/generated/prisma/client";
import { appendRunEvents, noticesOf, type PendingEvent, type RunRef } from "@/lib/runs/events";
import { publishRunEventNotices, runEventsViaRedis } from "@/lib/runs/run-event-bus";
import { newId } from "@/lib/core/ids";
import { finishArgs, finishRun, type RunError } from "@/lib/runs/finish-run";
import { isTerminalRunStatus } from "@/lib/schemas/runs";
import type { WorkflowGraph, WorkflowNode } from "@/lib/schemas/workflow-graph";
import type { ExpressionScope } from "@/lib/workflows/expressions";
import { deliveryIds } from "@/lib/webhooks/publish-event";
import { ceilingOf } from "@/lib/metering/check-budget";
import { runUsageOwner } from "@/lib/metering/budget-owner";
import { recordUsage, usageItemsJson, type UsageItem } from "@/lib/metering/record-usage";
import { chainRows, runCheckpoint, runTx, writeStep, writeSteps, type Head, type StepWrite } from "./checkpoint";
import type { LoadedRun } from "./load-run";
import { isActive, type NodeOutcome } from "./routing";
import type { RunLock } from "./run-lock";
import { LOCK_LOST, StopExecution } from "./step-error";
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
  /**
   * The receipt hash of each of the run's step rows by seq, as this job knows them (loaded, then
   * written by its one-statement checkpoints); null once a checkpoint took the transaction path,
   * whose writes it does not track: the job's later checkpoints take that path too.
   */
  chain: Map<number, string | null> | null;
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
    chain: new Map(steps.map((s) => [s.seq, s.hash])),
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
  const s = startArgs(exec, new Date());
  const [row] = await tx.$queryRaw<{ events: PendingEvent[] | null }[]>`
    SELECT run_start(${exec.ref.id}, ${exec.ref.workspaceId}, ${exec.ref.projectId}, ${exec.ref.workflowId}, ${s.startedAt}::timestamp, ${s.first}, ${s.eventId},
                     ${s.hookIds}::text[], ${new Date().toISOString()}::timestamp) AS events`;
  if (!row.events) throw new GateFull();
  emit(row.events);
  exec.run.startedAt = new Date(s.startedAt);
}

/** run_start's arguments: the gate, status running and (on the first start) run.started with its webhook. */
function startArgs(exec: Exec, now: Date) {
  return { startedAt: (exec.run.startedAt ?? now).toISOString(), first: !exec.run.startedAt, eventId: newId("event"), hookIds: deliveryIds() };
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

/** What a step's checkpoint writes besides the pending steps: its own row(s) and events, and the run's end. */
export type Plan = { steps?: StepWrite[]; events?: PendingEvent[]; end?: End };
type End = { status: "succeeded" | "failed" | "budget_exceeded" | "canceled"; error?: RunError };

/**
 * One checkpoint. A Plan goes out as ONE statement (run_checkpoint: fence, gate, step rows,
 * events, usage and charge, the run's end, one NOTIFY) whenever that function can take it; it
 * reports the rest (a cancel requested, a receipt chain to re-link) without writing, and those —
 * like a checkpoint given as a function (approval gates) — take a transaction that calls the
 * same SQL functions one by one. Returns CANCELED (after ending the run as canceled, in the same
 * transaction) when a cancel was requested; throws StopExecution when the run already ended or
 * this worker lost its lock, and GateFull when the run may not start yet. The steps settled since
 * the last commit are written first; the run events of the whole checkpoint are appended at its end.
 */
export async function commit<T>(exec: Exec, work: Plan | ((tx: Tx, emit: Emit, head: Head) => Promise<T>), opts: { start?: boolean } = {}): Promise<T | void | typeof CANCELED> {
  const start = exec.needsGate && opts.start !== false;
  if (typeof work !== "function" && (await commitInOneStatement(exec, work, start))) return;
  const fn = typeof work === "function" ? work : planFn(exec, work);
  exec.chain = null;
  const result = await runTx(exec.ref, exec.lock, async (tx, head) => {
    if (isTerminalRunStatus(head.status)) throw new StopExecution(`run is ${head.status}`);
    const events: PendingEvent[] = [];
    const emit: Emit = (e) => void events.push(...e);
    exec.spent = head.spent;
    let out: T | void | typeof CANCELED;
    if (head.cancelRequested) {
      // Steps that completed before the cancel are kept (and charged), as if each had committed.
      if (!start) await writePending(tx, exec, emit, head);
      await finishRun(tx, exec.ref, "canceled", { error: CANCELED_ERROR, emit });
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

const CANCELED_ERROR = { code: "canceled", message: "Canceled by a user" };

/** A Plan as a transaction body (the path run_checkpoint hands back). */
function planFn(exec: Exec, plan: Plan) {
  return async (tx: Tx, emit: Emit) => {
    for (const step of plan.steps ?? []) await writeStep(tx, exec.ref, step);
    if (plan.events?.length) emit(plan.events);
    if (plan.end) await finishRun(tx, exec.ref, plan.end.status, endOptions(exec, plan.end, emit));
  };
}

function endOptions(exec: Exec, end: End, emit?: Emit) {
  if (end.status === "succeeded") return { output: exec.output, emit };
  return { error: end.status === "canceled" ? CANCELED_ERROR : end.error, emit };
}

/**
 * The plan as one run_checkpoint statement; false (nothing written) when it must take the
 * transaction path. The receipt links are computed here from the chain this job knows; the
 * function checks that the stored chain is still that one.
 */
async function commitInOneStatement(exec: Exec, plan: Plan, start: boolean): Promise<boolean> {
  const chain = exec.chain;
  if (!chain) return false;
  const steps = [...exec.pending.map((p) => p.step), ...(plan.steps ?? [])];
  if (new Set(steps.map((s) => s.seq)).size !== steps.length || new Set(steps.map((s) => s.nodeId)).size !== steps.length) return false;
  const from = Math.min(...steps.map((s) => s.seq));
  const before = [...chain.keys()].filter((seq) => seq < from);
  const prev = before.length ? (chain.get(Math.max(...before)) ?? null) : null;
  const rows = chainRows(exec.ref.id, steps, prev);
  const now = new Date();
  const viaRedis = runEventsViaRedis();
  const r = await runCheckpoint(exec.ref.id, exec.lock, {
    ws: exec.ref.workspaceId,
    proj: exec.ref.projectId,
    wf: exec.ref.workflowId,
    now: now.toISOString(),
    notify: !viaRedis,
    start: start ? startArgs(exec, now) : null,
    steps: rows,
    prev,
    events: [...exec.pending.flatMap((p) => p.events), ...(plan.events ?? [])],
    usage: usageItemsJson(runUsageOwner(exec.ref), exec.pending.flatMap((p) => p.usage)),
    finish: plan.end ? finishArgs(exec.ref, plan.end.status, endOptions(exec, plan.end)) : null,
  });
  switch (r.result) {
    case "slow":
      return false;
    case "gone":
      throw new StopExecution("run deleted");
    case "lock_lost":
      throw new StopExecution(LOCK_LOST);
    case "terminal":
      throw new StopExecution(`run is ${r.status}`);
    case "gate_full":
      throw new GateFull();
  }
  for (const row of rows) chain.set(row.seq, row.hash);
  exec.spent = BigInt(r.spent);
  if (start) {
    exec.needsGate = false;
    exec.run.startedAt ??= now;
  }
  exec.pending = [];
  if (viaRedis) publishRunEventNotices(noticesOf(exec.ref, r.notices));
  return true;
}
