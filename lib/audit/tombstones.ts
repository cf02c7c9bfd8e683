import { db } from "@/lib/db/client";

/** The label an entry's actor gets once their account is deleted (audit rows are append-only: the id stays). */
export const DELETED_USER_LABEL = "deleted user";

type Actor = { type: string; id: string | null; label: string | null };

/**
 * Marks user actors whose account was deleted (lib/lifecycle/account: an `account.deleted` entry
 * names them, and the user row is gone) as "deleted user". Two queries per page, none when every
 * actor still exists.
 */
export async function withTombstones<T extends { actor: Actor }>(entries: T[]): Promise<T[]> {
  const userIds = [...new Set(entries.filter((e) => e.actor.type === "user" && e.actor.id).map((e) => e.actor.id!))];
  if (userIds.length === 0) return entries;
  const live = new Set((await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true } })).map((u) => u.id));
  const missing = userIds.filter((id) => !live.has(id));
  if (missing.length === 0) return entries;
  const deleted = new Set(
    (await db.auditLog.findMany({ where: { action: "account.deleted", targetType: "user", targetId: { in: missing } }, select: { targetId: true } })).map((r) => r.targetId),
  );
  return entries.map((e) => (e.actor.type === "user" && e.actor.id && deleted.has(e.actor.id) ? { ...e, actor: { ...e.actor, label: DELETED_USER_LABEL } } : e));
}
