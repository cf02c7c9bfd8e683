import type { Prisma } from "@/lib/generated/prisma/client";
import type { RunDetailDto, RunDto, RunStatus, RunTrigger } from "@/lib/schemas/runs";

// The one shape a run leaves the API in. BigInt money becomes JSON numbers (usd_micros stay far
// below 2^53); the graph snapshot is only in the detail view (lists stay small).

/** runDtoSelect without the workflow: for a caller that already holds the workflow's row. */
export const runColumnsSelect = {
  id: true,
  kind: true,
  workflowId: true,
  agentId: true,
  endUserId: true,
  versionNumber: true,
  status: true,
  trigger: true,
  input: true,
  output: true,
  error: true,
  budget: true,
  creditHold: true,
  spent: true,
  startedById: true,
  startedByTokenId: true,
  inboundSubscriptionId: true,
  rerunOfId: true,
  rerunFromNodeId: true,
  cancelRequestedAt: true,
  lastEventSeq: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  updatedAt: true,
} satisfies Prisma.RunSelect;

export const runDtoSelect = { ...runColumnsSelect, workflow: { select: { id: true, slug: true, name: true } }, agent: { select: { id: true, slug: true, name: true } } } satisfies Prisma.RunSelect;

export const runDetailSelect = { ...runDtoSelect, graph: true } satisfies Prisma.RunSelect;

type RunRow = Prisma.RunGetPayload<{ select: typeof runDtoSelect }>;
type RunDetailRow = Prisma.RunGetPayload<{ select: typeof runDetailSelect }>;

export function presentRun(r: RunRow): RunDto {
  return {
    id: r.id,
    kind: r.kind as RunDto["kind"],
    workflowId: r.workflowId,
    workflow: r.workflow,
    agent: r.agent,
    endUserId: r.endUserId,
    versionNumber: r.versionNumber,
    status: r.status as RunStatus,
    trigger: r.trigger as RunTrigger,
    input: r.input,
    output: r.output ?? null,
    error: (r.error ?? null) as RunDto["error"],
    budget: Number(r.budget),
    creditHold: Number(r.creditHold),
    spent: Number(r.spent),
    unit: "usd_micros",
    startedById: r.startedById,
    startedByTokenId: r.startedByTokenId,
    inboundSubscriptionId: r.inboundSubscriptionId,
    rerunOfId: r.rerunOfId,
    rerunFromNodeId: r.rerunFromNodeId,
    cancelRequestedAt: r.cancelRequestedAt?.toISOString() ?? null,
    lastEventSeq: r.lastEventSeq,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentRunDetail(r: RunDetailRow): RunDetailDto {
  return { ...presentRun(r), graph: (r.graph ?? {}) as Record<string, unknown> };
}
