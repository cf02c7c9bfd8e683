import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { PlatformAuditListQuery } from "@/lib/schemas/platform";

const select = { id: true, createdAt: true, action: true, actorType: true, actorId: true, actorLabel: true, targetType: true, targetId: true, ip: true, userAgent: true, requestId: true, before: true, after: true, metadata: true } as const;
type Row = Prisma.PlatformAuditLogGetPayload<{ select: typeof select }>;

function view(r: Row) {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    action: r.action,
    actor: { type: r.actorType as "platform_token" | "cli", id: r.actorId, label: r.actorLabel },
    target: r.targetType ? { type: r.targetType, id: r.targetId } : null,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
    before: r.before ?? null,
    after: r.after ?? null,
    metadata: (r.metadata as Record<string, unknown> | null) ?? null,
  };
}

/** GET /v1/platform/audit: the platform's own log (never a workspace's), newest first. */
export async function listPlatformAudit(q: PlatformAuditListQuery) {
  const where: Prisma.PlatformAuditLogWhereInput[] = [cursorWhere(q)];
  if (q.action) where.push({ action: q.action.endsWith("*") ? { startsWith: q.action.slice(0, -1) } : q.action });
  if (q.actorId) where.push({ actorId: q.actorId });
  if (q.targetId) where.push({ targetId: q.targetId });
  const rows = await db.platformAuditLog.findMany({ where: { AND: where }, select, ...pageArgs(q) });
  return toPage(rows.map(view), q);
}
