import "server-only";
import { asJson } from "@/lib/db/json";
import { db, type Tx } from "@/lib/db/client";
import { ApiError, notFound } from "@/lib/core/errors";
import { newId } from "@/lib/core/ids";
import { pricing } from "@/lib/billing/pricing";
import { expectedRunCost } from "@/lib/metering/expected-cost";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { RunDto, RunTrigger } from "@/lib/schemas/runs";
import type { Prisma, Workflow } from "@/lib/generated/prisma/client";
import { getVersionOrThrow, getWorkflowOrThrow } from "@/lib/workflows/get-workflow";
import { triggerOf } from "@/lib/workflows/graph";
import { appendRunEvent, type RunRef } from "./events";
import { presentRun, runColumnsSelect } from "./present-run";
import { insertQueuedRun, type QueuedRun } from "./insert-queued-run";
import { toJsonValue } from "@/lib/core/json";
import { genesisHash, receiptStepOf, stepHash } from "@/lib/runs/receipts/canonical-step";
import { validateRunInput } from "./validate-input";

/** A step copied from an earlier run (rerun from a node): never executed again in the new run. */
export type ReusedStep = { nodeId: string; nodeType: string; status: "reused" | "skipped"; input: unknown; output: unknown };

type WorkflowOption =
  /** The workflow's wf_ id (or slug), within the project. */
  | { workflowId: string; workflow?: never }
  /** The workflow's row, already loaded within the project by the caller (not loaded again). */
  | { workflow: Workflow; workflowId?: never };

type StartRunOptions = WorkflowOption & {
  workspaceId: string;
  projectId: string;
  /** Default: the latest published version (404 when none is published). */
  versionNumber?: number | null;
  /** Run the current draft (console test runs). */
  draft?: boolean;
  input?: unknown;
  /** usd_micros. Default: the project's defaultRunBudget, else pricing().defaultRunBudget. */
  budget?: bigint | number | null;
  trigger: RunTrigger;
  startedById?: string | null;
  startedByTokenId?: string | null;
  inboundSubscriptionId?: string | null;
  /** The run's id, chosen earlier (an inbound delivery answers with it before the run exists). Default: a new one. */
  runId?: string;
  rerunOfId?: string | null;
  rerunFromNodeId?: string | null;
  reuseSteps?: ReusedStep[];
  /** Run exactly this graph instead of the version's/draft's (a rerun of a test run reuses its snapshot). */
  graphSnapshot?: unknown;
  /** Checks the caller may run this graph (throws an ApiError), before anything is written. */
  authorizeGraph?: (graph: WorkflowGraph) => void;
  /** Called inside the transaction that creates the run: what must commit with it (an idempotent answer). */
  onCreated?: (tx: Tx, run: RunDto) => Promise<void>;
};

type Source = { graph: WorkflowGraph; versionId: string | null; versionNumber: number | null };

async function workflowOf(opts: StartRunOptions): Promise<Workflow> {
  if (!opts.workflow) return getWorkflowOrThrow({ workspace: { id: opts.workspaceId }, project: { id: opts.projectId } }, opts.workflowId);
  // A row handed in keeps the tenancy promise: another project's workflow is not found.
  if (opts.workflow.workspaceId !== opts.workspaceId || opts.workflow.projectId !== opts.projectId) throw notFound("Workflow");
  return opts.workflow;
}

async function resolveSource(opts: StartRunOptions, workflow: Workflow): Promise<Source> {
  let raw: unknown;
  let versionId: string | null = null;
  let versionNumber: number | null = null;
  if (opts.draft && opts.graphSnapshot === undefined) {
    raw = workflow.draft;
  } else if (opts.draft) {
    raw = opts.graphSnapshot;
  } else {
    const n = opts.versionNumber ?? workflow.latestVersion;
    if (!n || n < 1) throw notFound("Published version (publish the workflow first)");
    const version = await getVersionOrThrow(workflow, n);
    versionId = version.id;
    versionNumber = version.number;
    raw = opts.graphSnapshot ?? version.graph;
  }
  const parsed = workflowGraph.safeParse(raw);
  if (!parsed.success) {
    throw new ApiError("invalid_request", "The workflow's graph is not valid: fix the draft before running it", {
      details: parsed.error.issues.slice(0, 20).map((i) => ({ path: `graph.${i.path.join(".")}`, message: i.message })),
    });
  }
  return { graph: parsed.data, versionId, versionNumber };
}

/** PostgreSQL jsonb cannot hold U+0000: refuse it as a 422 instead of failing in the insert. */
function refuseNul(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string" && v.includes("\u0000")) {
      throw new ApiError("invalid_request", "The input must not contain NUL characters", { details: [{ path: "input", message: "Contains U+0000" }] });
    }
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
}

/** A run's input as startRun checks it (422s): no NUL characters, valid against the trigger's schema. */
export function checkRunInput(inputSchema: unknown, input: unknown): void {
  refuseNul(input);
  validateRunInput(inputSchema, input);
}

async function budgetFor(opts: StartRunOptions): Promise<bigint> {
  if (opts.budget !== undefined && opts.budget !== null) return BigInt(opts.budget);
  const project = await db.project.findFirst({ where: { id: opts.projectId, workspaceId: opts.workspaceId }, select: { defaultRunBudget: true } });
  return project?.defaultRunBudget ?? pricing().defaultRunBudget;
}

async function copyReusedSteps(tx: Tx, ref: RunRef, steps: ReusedStep[], fromRunId: string | null): Promise<void> {
  const now = new Date();
  // A new run's first steps: its receipt chain starts at its genesis hash.
  let prevHash = genesisHash(ref.id);
  for (const [i, s] of steps.entries()) {
    const row = { nodeId: s.nodeId, nodeType: s.nodeType, seq: i + 1, status: s.status, attempts: 0, attemptLog: [], input: toJsonValue(s.input), output: toJsonValue(s.output), error: null, tokensIn: null, tokensOut: null, cost: 0n, latencyMs: null, startedAt: now, finishedAt: now };
    const hash = stepHash(prevHash, receiptStepOf(row));
    await tx.runStep.create({
      data: {
        id: newId("runStep"),
        workspaceId: ref.workspaceId,
        projectId: ref.projectId,
        runId: ref.id,
        nodeId: s.nodeId,
        nodeType: s.nodeType,
        seq: i + 1,
        status: s.status,
        input: asJson(row.input),
        output: asJson(row.output),
        startedAt: now,
        finishedAt: now,
        prevHash,
        hash,
      },
    });
    prevHash = hash;
    await appendRunEvent(tx, ref, s.status === "reused" ? "step.reused" : "step.skipped", { nodeType: s.nodeType, fromRunId }, { nodeId: s.nodeId });
  }
}

/**
 * Starts a run: validates the input against the trigger's schema, then creates the run (with its
 * graph snapshot), its hold on the expected cost, its run.queued event and its job in one
 * statement (insert-queued-run.ts). A caller's `onCreated` and copied steps (a rerun from a node)
 * commit with it in one transaction. Returns the presented run (status `queued`).
 */
export async function startRun(opts: StartRunOptions): Promise<RunDto> {
  const workflow = await workflowOf(opts);
  const [source, budget] = await Promise.all([resolveSource(opts, workflow), budgetFor(opts)]);
  opts.authorizeGraph?.(source.graph);
  const trigger = triggerOf(source.graph);
  if (!trigger) throw new ApiError("invalid_request", "The workflow has no trigger node", { details: [{ path: "graph", message: "No trigger" }] });
  const input = opts.input === undefined ? {} : opts.input;
  checkRunInput(trigger.config.inputSchema, input);

  // The run holds what it is expected to spend, not its whole budget: a burst of runs is
  // admitted while the available credits cover them. The budget stays the run's stop.
  const queued: QueuedRun = {
    id: opts.runId ?? newId("run"),
    workspaceId: opts.workspaceId,
    projectId: opts.projectId,
    workflowId: workflow.id,
    versionId: source.versionId,
    versionNumber: source.versionNumber,
    graph: source.graph,
    trigger: opts.trigger,
    input,
    budget,
    hold: expectedRunCost(source.graph, input, budget),
    startedById: opts.startedById ?? null,
    startedByTokenId: opts.startedByTokenId ?? null,
    inboundSubscriptionId: opts.inboundSubscriptionId ?? null,
    rerunOfId: opts.rerunOfId ?? null,
    rerunFromNodeId: opts.rerunFromNodeId ?? null,
    now: new Date(),
  };
  const ref: RunRef = { id: queued.id, workspaceId: queued.workspaceId, projectId: queued.projectId };
  const wf = { id: workflow.id, slug: workflow.slug, name: workflow.name };
  if (!opts.onCreated && !opts.reuseSteps?.length) {
    await insertQueuedRun(null, queued);
    return presentRun(queuedRow(queued, wf));
  }
  const run = await db.$transaction(async (tx) => {
    await insertQueuedRun(tx, queued);
    let row = queuedRow(queued, wf);
    if (opts.reuseSteps?.length) {
      await copyReusedSteps(tx, ref, opts.reuseSteps, opts.rerunOfId ?? null);
      // Read back after the copied steps' events (lastEventSeq, updatedAt).
      row = { ...(await tx.run.findUniqueOrThrow({ where: { id: ref.id }, select: runColumnsSelect })), workflow: wf, agent: null };
    }
    await opts.onCreated?.(tx, presentRun(row));
    return row;
  });
  return presentRun(run);
}

/** The row insertQueuedRun wrote, as runColumnsSelect reads it (so the caller needs no read-back). */
function queuedRow(q: QueuedRun, workflow: { id: string; slug: string; name: string }): Parameters<typeof presentRun>[0] {
  return {
    id: q.id,
    kind: "workflow",
    workflowId: q.workflowId,
    agentId: null,
    endUserId: null,
    versionNumber: q.versionNumber,
    status: "queued",
    trigger: q.trigger,
    input: toJsonValue(q.input) as Prisma.JsonValue,
    output: null,
    error: null,
    budget: q.budget,
    creditHold: q.hold,
    spent: 0n,
    startedById: q.startedById,
    startedByTokenId: q.startedByTokenId,
    inboundSubscriptionId: q.inboundSubscriptionId,
    rerunOfId: q.rerunOfId,
    rerunFromNodeId: q.rerunFromNodeId,
    cancelRequestedAt: null,
    lastEventSeq: 1,
    createdAt: q.now,
    startedAt: null,
    finishedAt: null,
    updatedAt: q.now,
    workflow,
    agent: null,
  };
}
