import { db } from "@/lib/db/client";
import { workspaceWhere, type WorkspaceScope } from "@/lib/core/scope";

/** Display names (name, else email) of the given users who are members of the scope's workspace; others are left out. */
export async function memberNames(scope: Pick<WorkspaceScope, "workspace">, userIds: string[]): Promise<Record<string, string>> {
  if (userIds.length === 0) return {};
  const users = await db.user.findMany({
    where: { id: { in: userIds }, memberships: { some: workspaceWhere(scope) } },
    select: { id: true, name: true, email: true },
  });
  return Object.fromEntries(users.map((u) => [u.id, u.name ?? u.email]));
}
