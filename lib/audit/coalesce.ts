import type { Tx } from "@/lib/db/client";

/**
 * Autosave writes a draft every few seconds while someone edits. Audit rows are append-only
 * (a trigger refuses UPDATE), so a save that repeats the same action on the same target by the
 * same actor within this window of the burst's first entry is not a new row: it raises that
 * entry's count in AuditBurst (a plain counter table, outside the append-only guarantee). The
 * first save of each window keeps its own before/after; an hour of editing is at most 6 rows.
 */
export const AUDIT_COALESCE_WINDOW_MS = 10 * 60_000;

export type CoalesceKey = {
  workspaceId: string | null;
  action: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
};

/** Folds this save into the window's first entry when there is one; true when it did. */
export async function coalesceIntoRecentEntry(tx: Tx, key: CoalesceKey, now = new Date()): Promise<boolean> {
  if (!key.workspaceId || !key.actorId || !key.targetId) return false;
  const first = await tx.auditLog.findFirst({
    where: { ...key, createdAt: { gte: new Date(now.getTime() - AUDIT_COALESCE_WINDOW_MS) } },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!first) return false;
  await tx.auditBurst.upsert({
    where: { auditId: first.id },
    create: { auditId: first.id, count: 2, lastAt: now },
    update: { count: { increment: 1 }, lastAt: now },
  });
  return true;
}
