import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import type { RunStepsDto } from "@/lib/schemas/runs";
import { getRunOrThrow } from "./find-run";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { presentRun, runDtoSelect } from "./present-run";
import { stepReads } from "./step-reads";

type StepDto = RunStepsDto["steps"][number];
type UsageDto = RunStepsDto["usage"][number];
type ApprovalDto = NonNullable<StepDto["approval"]>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * The whole run in one answer: every step (input, output, error, attempts and the log of each
 * try, tokens, cost, latency), each approval gate with its decision and approver, and the
 * usage records the run was charged for.
 */
export async function getRunSteps(scope: TenantRef, runId: string): Promise<RunStepsDto> {
  const run = await getRunOrThrow(scope, runId, { ...runDtoSelect, graph: true });
  const where = { runId, workspaceId: scope.workspace.id };
  const [steps, approvals, usage] = await Promise.all([
    db.runStep.findMany({ where, orderBy: [{ seq: "asc" }, { startedAt: "asc" }] }),
    db.approval.findMany({ where }),
    db.usageRecord.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const deciders = [...new Set(approvals.map((a) => a.decidedById).filter((id): id is string => !!id))];
  const users = new Map(
    (deciders.length ? await db.user.findMany({ where: { id: { in: deciders } }, select: { id: true, email: true, name: true } }) : []).map((u) => [u.id, u]),
  );
  const graphNodes = new Map(((run.graph as { nodes?: WorkflowNode[] } | null)?.nodes ?? []).map((n) => [n.id, n]));
  // The scope each step saw: the outputs of the steps that succeeded before it (by seq).
  const outputsBefore = (seq: number) => new Map(steps.filter((s) => s.seq < seq && (s.status === "succeeded" || s.status === "reused")).map((s) => [s.nodeId, s.output ?? null]));

  const usageDtos: UsageDto[] = usage.map((u) => ({
    id: u.id,
    nodeId: u.nodeId,
    attempt: u.attempt,
    kind: u.kind,
    provider: u.provider,
    model: u.model,
    keySource: u.keySource,
    tokensIn: u.tokensIn,
    tokensOut: u.tokensOut,
    quantity: u.quantity,
    estimated: u.estimated,
    cost: Number(u.cost),
    charge: Number(u.charge),
    unit: "usd_micros",
    createdAt: u.createdAt.toISOString(),
  }));
  const approvalByNode = new Map<string, ApprovalDto>(
    approvals.map((a) => [
      a.nodeId,
      {
        id: a.id,
        status: a.status,
        message: a.message,
        approverRole: a.approverRole,
        allowSelfApproval: a.allowSelfApproval,
        expiresAt: a.expiresAt.toISOString(),
        decidedBy: a.decidedById ? (users.get(a.decidedById) ?? { id: a.decidedById, email: "", name: null }) : null,
        decidedAt: iso(a.decidedAt),
        comment: a.comment,
      },
    ]),
  );

  const stepDtos: StepDto[] = steps.map((s) => ({
    id: s.id,
    nodeId: s.nodeId,
    nodeType: s.nodeType,
    nodeName: graphNodes.get(s.nodeId)?.name ?? null,
    seq: s.seq,
    status: s.status,
    attempts: s.attempts,
    attemptLog: Array.isArray(s.attemptLog) ? s.attemptLog : [],
    input: s.input ?? null,
    reads: s.status === "skipped" ? null : stepReads(graphNodes.get(s.nodeId), run.input, outputsBefore(s.seq)),
    output: s.output ?? null,
    error: s.error ?? null,
    tokensIn: s.tokensIn,
    tokensOut: s.tokensOut,
    cost: Number(s.cost),
    unit: "usd_micros",
    latencyMs: s.latencyMs,
    startedAt: s.startedAt.toISOString(),
    finishedAt: iso(s.finishedAt),
    approval: approvalByNode.get(s.nodeId) ?? null,
    usage: usageDtos.filter((u) => u.nodeId === s.nodeId),
  }));

  const { graph: _graph, ...summary } = run;
  return {
    run: presentRun(summary),
    steps: stepDtos,
    usage: usageDtos,
    totals: {
      cost: usageDtos.reduce((a, u) => a + u.cost, 0),
      charge: usageDtos.reduce((a, u) => a + u.charge, 0),
      tokensIn: usageDtos.reduce((a, u) => a + u.tokensIn, 0),
      tokensOut: usageDtos.reduce((a, u) => a + u.tokensOut, 0),
      unit: "usd_micros",
    },
  };
}
