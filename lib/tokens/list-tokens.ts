import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ListTokensQuery } from "@/lib/schemas/tokens";
import { authorizeIn } from "@/lib/access/authorize";
import type { WorkspaceScope } from "@/lib/core/scope";
import { tokenSelect, toTokenView } from "./token-view";

/**
 * The caller's personal tokens in this workspace, newest first. An admin (member.update)
 * may name another member with `userId`; anyone else asking for someone else is a 403.
 */
export async function listTokens(caller: WorkspaceScope, q: ListTokensQuery) {
  const self = caller.principal.userId;
  const userId = q.userId ?? self;
  if (userId !== self) authorizeIn(caller, "member.update");
  const now = new Date();
  const rows = await db.apiToken.findMany({
    where: {
      workspaceId: caller.workspace.id,
      userId,
      kind: "personal",
      ...(q.status === "active" ? { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } : {}),
      ...cursorWhere(q),
    },
    select: tokenSelect,
    ...pageArgs(q),
  });
  return toPage(rows.map(toTokenView), q);
}
