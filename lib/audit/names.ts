import { db } from "@/lib/db/client";

type Named = { actor: { type: string; id: string | null; label: string | null; name: string | null }; target: { type: string; id: string | null; name: string | null } | null };

const uniq = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];

// Targets whose current name can be read from the workspace's own rows (tenancy in the query).
const LIVE: Record<string, (workspaceId: string, ids: string[]) => Promise<{ id: string; name: string }[]>> = {
  workflow: (workspaceId, ids) => db.workflow.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
  project: (workspaceId, ids) => db.project.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
  agent: (workspaceId, ids) => db.agent.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
  tool: (workspaceId, ids) => db.tool.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
  connection: (workspaceId, ids) => db.connection.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
  llm_provider: (workspaceId, ids) => db.llmProvider.findMany({ where: { workspaceId, id: { in: ids } }, select: { id: true, name: true } }),
};

/**
 * Names for a page of entries, resolved on the server: a user (actor or target) by their name
 * or email; a target without a stored name by the live row of this workspace, else by the last
 * name another entry stored for it (a deleted target keeps its last name). A few queries per page.
 */
export async function withNames<T extends Named>(workspaceId: string, entries: T[]): Promise<T[]> {
  const userIds = uniq(entries.flatMap((e) => [e.actor.type === "user" ? e.actor.id : null, e.target?.type === "user" ? e.target.id : null]));
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const userName = new Map(users.map((u) => [u.id, u.name || u.email]));

  const unnamed = entries.filter((e) => e.target?.id && !e.target.name && e.target.type !== "user");
  const targetName = new Map<string, string>();
  for (const [type, fetch] of Object.entries(LIVE)) {
    const ids = uniq(unnamed.filter((e) => e.target!.type === type).map((e) => e.target!.id));
    if (ids.length) for (const row of await fetch(workspaceId, ids)) targetName.set(row.id, row.name);
  }
  const stillUnnamed = uniq(unnamed.map((e) => e.target!.id).filter((id) => !targetName.has(id!)));
  if (stillUnnamed.length) {
    const stored = await db.auditLog.findMany({
      where: { workspaceId, targetId: { in: stillUnnamed }, targetLabel: { not: null } },
      orderBy: { createdAt: "desc" },
      distinct: ["targetId"],
      select: { targetId: true, targetLabel: true },
    });
    for (const r of stored) targetName.set(r.targetId!, r.targetLabel!);
  }

  return entries.map((e) => {
    const actorName = e.actor.type === "user" && e.actor.id ? (userName.get(e.actor.id) ?? null) : null;
    const t = e.target;
    const tName = t && !t.name && t.id ? (t.type === "user" ? userName.get(t.id) : targetName.get(t.id)) ?? null : (t?.name ?? null);
    return { ...e, actor: { ...e.actor, name: actorName ?? e.actor.label }, target: t ? { ...t, name: tName } : null };
  });
}
