import { tenantWhere, type TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ApprovalDto } from "@/lib/schemas/approvals";

export const approvalSelect = {
  id: true,
  runId: true,
  nodeId: true,
  status: true,
  message: true,
  approverRole: true,
  allowSelfApproval: true,
  requestedById: true,
  expiresAt: true,
  decidedById: true,
  decidedAt: true,
  comment: true,
  createdAt: true,
  toolInstanceId: true,
  toolName: true,
  toolArguments: true,
  toolArgumentsHash: true,
  gatewayToolId: true,
  agentId: true,
  callMethod: true,
  callPath: true,
  callEndUserId: true,
  callBodyHash: true,
  callHash: true,
  grantUses: true,
  grantUsed: true,
  grantExpiresAt: true,
  run: { select: { status: true, workflow: { select: { id: true, slug: true, name: true } } } },
} satisfies Prisma.ApprovalSelect;

type ApprovalRow = Prisma.ApprovalGetPayload<{ select: typeof approvalSelect }>;

/** Presents approvals, loading their deciders in one query. */
export async function presentApprovals(rows: ApprovalRow[]): Promise<ApprovalDto[]> {
  const ids = [...new Set(rows.map((r) => r.decidedById).filter((id): id is string => !!id))];
  const users = new Map((ids.length ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true, name: true } }) : []).map((u) => [u.id, u]));
  const toolIds = [...new Set(rows.map((r) => r.gatewayToolId).filter((id): id is string => !!id))];
  const agentIds = [...new Set(rows.map((r) => r.agentId).filter((id): id is string => !!id))];
  const tools = new Map((toolIds.length ? await db.tool.findMany({ where: { id: { in: toolIds } }, select: { id: true, name: true } }) : []).map((t) => [t.id, t.name]));
  const agents = new Map((agentIds.length ? await db.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, slug: true, name: true } }) : []).map((a) => [a.id, a]));
  return rows.map((a) => ({
    id: a.id,
    runId: a.runId,
    nodeId: a.nodeId,
    workflow: a.run.workflow,
    runStatus: a.run.status,
    status: a.status,
    message: a.message,
    approverRole: a.approverRole,
    allowSelfApproval: a.allowSelfApproval,
    requestedById: a.requestedById,
    expiresAt: a.expiresAt.toISOString(),
    decidedBy: a.decidedById ? (users.get(a.decidedById) ?? { id: a.decidedById, email: "", name: null }) : null,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    comment: a.comment,
    createdAt: a.createdAt.toISOString(),
    toolCall:
      a.toolInstanceId && a.toolName && a.toolArgumentsHash
        ? { instanceId: a.toolInstanceId, tool: a.toolName, arguments: (a.toolArguments ?? {}) as Record<string, unknown>, argumentsHash: a.toolArgumentsHash }
        : null,
    gatewayCall:
      a.gatewayToolId && a.agentId && a.callMethod && a.callPath !== null && a.callBodyHash && a.callHash
        ? {
            toolId: a.gatewayToolId,
            tool: tools.get(a.gatewayToolId) ?? "(deleted tool)",
            agentId: a.agentId,
            agent: agents.get(a.agentId) ?? null,
            method: a.callMethod,
            path: a.callPath,
            endUserId: a.callEndUserId,
            bodyHash: a.callBodyHash,
            callHash: a.callHash,
          }
        : null,
    grant: a.grantUses !== null ? { uses: a.grantUses, used: a.grantUsed, expiresAt: a.grantExpiresAt?.toISOString() ?? null } : null,
  }));
}

/** An approval of the project by id; another project's or tenant's is simply not found. */
export async function getApprovalOrThrow(scope: TenantRef, id: string): Promise<ApprovalRow> {
  const row = await db.approval.findFirst({ where: { id, ...tenantWhere(scope) }, select: approvalSelect });
  if (!row) throw notFound("Approval");
  return row;
}

export async function getApproval(scope: TenantRef, id: string): Promise<ApprovalDto> {
  return (await presentApprovals([await getApprovalOrThrow(scope, id)]))[0];
}
