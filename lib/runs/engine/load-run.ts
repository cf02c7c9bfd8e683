import { db } from "@/lib/db/client";
import type { RunStatus, RunStep } from "@/lib/generated/prisma/client";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { topologicalOrder } from "@/lib/workflows/graph";

// What the engine needs of a run and its step rows, read once per job in one statement. Published versions are immutable, so their
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

/** The run and its step rows (by seq), in one statement. */
export async function loadRun(runId: string) {
  const rows = await db.$queryRaw<(EngineRun & { steps: StepJson[] })[]>`
    SELECT r.id, r."workspaceId", r."projectId", r."workflowId", r."versionId", r.graph, r.status::text AS status, r.input, r.budget, r."creditHold",
           r.spent, r."startedById", r."startedAt", r."cancelRequestedAt",
           coalesce((SELECT jsonb_agg(to_jsonb(s) || jsonb_build_object('cost', s.cost::text) ORDER BY s.seq) FROM "RunStep" s WHERE s."runId" = r.id), '[]'::jsonb) AS steps
      FROM "Run" r WHERE r.id = ${runId}`;
  const row = rows[0];
  if (!row) return null;
  const { steps: json, ...run } = row;
  const steps: RunStep[] = json.map((s) => ({ ...s, cost: BigInt(s.cost), startedAt: utc(s.startedAt), finishedAt: s.finishedAt === null ? null : utc(s.finishedAt) }));
  return { run, steps, plan: () => planOf(run.versionId, run.graph) };
}
