import { db } from "@/lib/db/client";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { topologicalOrder } from "@/lib/workflows/graph";

// What the engine needs of a run, read once per job. Published versions are immutable, so their
// parsed graph and order are cached per process; draft test runs are parsed every time.

const engineRunSelect = {
  id: true,
  workspaceId: true,
  projectId: true,
  workflowId: true,
  versionId: true,
  graph: true,
  status: true,
  input: true,
  budget: true,
  creditHold: true,
  spent: true,
  startedById: true,
  startedAt: true,
  cancelRequestedAt: true,
} as const;

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

export async function loadRun(runId: string) {
  const run = await db.run.findUnique({ where: { id: runId }, select: engineRunSelect });
  if (!run) return null;
  const steps = await db.runStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
  return { run, steps, plan: () => planOf(run.versionId, run.graph) };
}
