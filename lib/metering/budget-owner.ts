// Who a budget ceiling and a usage record belong to. Today only a workflow run spends credits;
// an agent session will be `{ kind: "agent_session"; … }`, so callers switch on `kind` rather
// than assume a run.

export type BudgetOwner = { kind: "run"; runId: string };

/** A run as the owner of its usage: the ids every UsageRecord and ledger entry carries. */
export type RunUsageOwner = BudgetOwner & { workspaceId: string; projectId: string; workflowId: string };

export function runUsageOwner(run: { id: string; workspaceId: string; projectId: string; workflowId: string }): RunUsageOwner {
  return { kind: "run", runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, workflowId: run.workflowId };
}
