// Who a budget ceiling and a usage record belong to: a run, of a workflow or of an agent (one
// gateway request). Agent runs have no workflow, so workflowId is null for them.

export type BudgetOwner = { kind: "run"; runId: string };

/** A run as the owner of its usage: the ids every UsageRecord and ledger entry carries. */
export type RunUsageOwner = BudgetOwner & { workspaceId: string; projectId: string; workflowId: string | null };

export function runUsageOwner(run: { id: string; workspaceId: string; projectId: string; workflowId: string | null }): RunUsageOwner {
  return { kind: "run", runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, workflowId: run.workflowId };
}
