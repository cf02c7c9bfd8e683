import type pg from "pg";
import { enginePool } from "@/lib/db/pool";
import { StatementBatcher } from "@/lib/db/statement-batcher";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import type { RunStatus, RunStep } from "@/lib/generated/prisma/client";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { topologicalOrder } from "@/lib/workflows/graph";

// What the engine needs of a run and its step rows, read once per job in one statement (jobs
// that start together share it). Published versions are immutable, so their
// parsed graph and order are cached per process; draft test runs are parsed every time.

/** The run's columns the engine reads (typed as the Prisma client reads them). */
type EngineRun = {
  id: string;
  workspaceId: string;
  projectId: string;
  workflowId: string | null;
  versionId: string | null;
  graph: unknown;
  status: RunStatus;
  input: unknown;
  budget: bigint;
  creditHold: bigint;
  spent: bigint;
  startedById: string | null;
  startedAt: Date | null;
  cancelRequestedAt: Date | null;
};

/** A step row as jsonb (timestamps without zone, cost as text: exact whatever its size). */
type StepJson = Omit<RunStep, "cost" | "startedAt" | "finishedAt"> & { cost: string; startedAt: string; finishedAt: string | null };

const utc = (s: string) => new Date(`${s}Z`);

export type LoadedRun = Awaited<ReturnType<typeof loadRun>>;

const plans = new Map<string, { graph: WorkflowGraph; order: string[] }>();

function planOf(versionId: string | null, raw: unknown): { graph: WorkflowGraph; order: string[] } {
  const hit = versionId ? plans.get(versionId) : undefined;
  if (hit) return hit;
  const graph = workflowGraph.parse(raw);
  const plan = { graph, order: topologicalOrder(graph) };
  if (versionId) {
    if (plans.size > 500) plans.clear();
    plans.set(versionId, plan);
  }
  return plan;
}

// Bigints and timestamps travel as text. run_load waits for a checkpoint in flight on these runs
// before it reads (see its migration, *_run_load_waits_for_checkpoint).
const LOAD = { name: "run_load", text: `SELECT * FROM run_load($1::text[])` };

type RunText = Omit<EngineRun, "budget" | "creditHold" | "spent" | "startedAt" | "cancelRequestedAt"> & {
  budget: string;
  creditHold: string;
  spent: string;
  startedAt: string | null;
  cancelRequestedAt: string | null;
  steps: StepJson[];
};

async function loadMany(ids: string[]): Promise<(RunText | null)[]> {
  // Its row locks come in id order, as every checkpoint's; code taking them otherwise may deadlock with it.
  const { rows } = await retryOnDeadlock(() => enginePool().query<RunText>({ ...LOAD, values: [ids] }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id) ?? null);
}

const loads = new StatementBatcher<string, RunText | null>({
  one: async (runId) => (await loadMany([runId]))[0],
  many: loadMany,
  // Loads in flight at once per process; the jobs' loads asked for meanwhile share the next statement.
  concurrencyEnv: "RUN_LOAD_CONCURRENCY",
  concurrency: 2,
  max: 32,
});

/** The load statements a process has in flight at once. */
export const loadsInFlight = () => loads.concurrency();

/** Prepares the load statement on `client`, with no run to read (lib/runs/engine/warm-up.ts). */
export async function prepareLoad(client: pg.ClientBase): Promise<void> {
  await client.query({ ...LOAD, values: [[]] });
}

/**
 * The run and its step rows (by seq), in one prepared statement on the engine's raw pool (shared
 * with other jobs' loads asked for at the same moment), once no checkpoint of the run is in flight.
 */
export async function loadRun(runId: string) {
  const row = await loads.run(runId);
  if (!row) return null;
  const { steps: json, ...r } = row;
  const run: EngineRun = {
    ...r,
    budget: BigInt(r.budget),
    creditHold: BigInt(r.creditHold),
    spent: BigInt(r.spent),
    startedAt: r.startedAt === null ? null : utc(r.startedAt),
    cancelRequestedAt: r.cancelRequestedAt === null ? null : utc(r.cancelRequestedAt),
  };
  const steps: RunStep[] = json.map((s) => ({ ...s, cost: BigInt(s.cost), startedAt: utc(s.startedAt), finishedAt: s.finishedAt === null ? null : utc(s.finishedAt) }));
  return { run, steps, plan: () => planOf(run.versionId, run.graph) };
}
