import type { Prisma } from "@/lib/generated/prisma/client";
import type { AuditFilters } from "@/lib/schemas/audit";
import { displayIp } from "./display-ip";

export const auditSelect = {
  id: true,
  createdAt: true,
  action: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  projectId: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  ip: true,
  userAgent: true,
  requestId: true,
  before: true,
  after: true,
  metadata: true,
  burst: { select: { count: true, lastAt: true } },
} satisfies Prisma.AuditLogSelect;

type AuditRow = Prisma.AuditLogGetPayload<{ select: typeof auditSelect }>;

export function toAuditView(row: AuditRow) {
  return {
    id: row.id,
    createdAt: row.createdAt,
    action: row.action,
    // name: filled by withNames (lib/audit/names.ts) when the entry is read.
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel, name: null as string | null },
    projectId: row.projectId,
    target: row.targetType ? { type: row.targetType, id: row.targetId, name: row.targetLabel } : null,
    ip: displayIp(row.ip),
    userAgent: row.userAgent,
    requestId: row.requestId,
    before: row.before,
    after: row.after,
    metadata: row.metadata,
    coalesced: row.burst ? { count: row.burst.count, lastAt: row.burst.lastAt } : null,
  };
}

/** Tenancy first: only this workspace's entries, whatever the filters say. */
export function auditWhere(workspaceId: string, f: AuditFilters): Prisma.AuditLogWhereInput {
  const action = f.action?.endsWith("*") ? { startsWith: f.action.slice(0, -1) } : f.action;
  return {
    workspaceId,
    ...(action ? { action } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lte: new Date(f.to) } : {}) } } : {}),
  };
}
