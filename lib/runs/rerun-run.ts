import { authorizeGraphFor } from "./authorize-graph";
import type { ActingScope, TenantScope } from "@/lib/core/scope";
import { ApiError } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import type { RerunBody, RunDto } from "@/lib/schemas/runs";
import { nodeById, topologicalOrder, upstreamOf } from "@/lib/workflows/graph";
import { getRunOrThrow } from "./find-run";
import { startRun, type ReusedStep } from "./start-run";

const invalid = (path: string, message: string) => new ApiError("invalid_request", message, { details: [{ path, message }] });

/** The steps before `fromNodeId` (its ancestors, in topological order), as the original run left them. */
async function reusableSteps(graph: WorkflowGraph, runId: string, fromNodeId: string): Promise<ReusedStep[]> {
  const node = nodeById(graph, fromNodeId);
  if (!node) throw invalid("fromNodeId", `The run's graph has no node "${fromNodeId}"`);
  const ancestors = upstreamOf(graph, fromNodeId);
  const order = topologicalOrder(graph).filter((id) => ancestors.has(id));
  const steps = new Map((await db.runStep.findMany({ where: { runId, nodeId: { in: order } } })).map((s) => [s.nodeId, s]));
  return order.map((nodeId) => {
    const s = steps.get(nodeId);
    if (s && (s.status === "succeeded" || s.status === "reused")) return { nodeId, nodeType: s.nodeType, status: "reused", input: s.input, output: s.output };
    if (s && s.status === "skipped") return { nodeId, nodeType: s.nodeType, status: "skipped", input: s.input, output: s.output };
    throw invalid("fromNodeId", `Cannot rerun from "${fromNodeId}": the earlier step "${nodeId}" did not complete in the original run`);
  });
}

/**
 * A new run of the same version (or the same draft snapshot) as run `id`. With `fromNodeId`,
 * the steps before that node are copied as `reused` with their outputs and are not executed
 * again; execution starts at the node.
 */
export async function rerunRun(scope: ActingScope & Pick<TenantScope, "principal" | "projectRole" | "workspaceRole">, id: string, body: RerunBody): Promise<RunDto> {
  const original = await getRunOrThrow(scope, id, { id: true, workflowId: true, versionNumber: true, graph: true, input: true, budget: true });
  // An agent run was one request through the gateway: there is no graph to execute again.
  if (original.workflowId === null) throw new ApiError("conflict", "An agent run cannot be rerun: send the request to the agent again");
  const parsed = workflowGraph.safeParse(original.graph);
  if (!parsed.success) throw new ApiError("conflict", "This run's graph can no longer be executed");
  const reuseSteps = body.fromNodeId ? await reusableSteps(parsed.data, id, body.fromNodeId) : [];
  return startRun({
    workspaceId: scope.workspace.id,
    projectId: scope.project.id,
    workflowId: original.workflowId,
    versionNumber: original.versionNumber,
    draft: original.versionNumber === null,
    graphSnapshot: original.graph,
    input: body.input !== undefined ? body.input : original.input,
    budget: original.budget,
    trigger: "rerun",
    startedById: scope.principal.userId,
    startedByTokenId: scope.principal.type === "token" ? (scope.principal.tokenId ?? null) : null,
    rerunOfId: id,
    rerunFromNodeId: body.fromNodeId ?? null,
    reuseSteps,
    authorizeGraph: authorizeGraphFor(scope),
  });
}
