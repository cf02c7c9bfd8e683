import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import type { PageQuery } from "@/lib/core/pagination";
import type { Principal } from "@/lib/access/principal";
import { decide } from "@/lib/authz/permissions";
import { listWorkspacesForUser } from "./list-for-user";

/**
 * GET /v1/workspaces: a session lists every workspace of its user; a token is bound to one
 * workspace and lists only that one, provided its scopes allow reading it.
 */
export async function listWorkspacesForPrincipal(p: Principal, q: PageQuery) {
  if (p.type !== "token") return listWorkspacesForUser(p.userId, q);
  const membership = await db.workspaceMember.findUnique({
    where: { workspaceId_userId: { workspaceId: p.workspaceId, userId: p.userId } },
    select: { role: true },
  });
  if (!membership) return { data: [], nextCursor: null };
  const decision = decide({ workspaceRole: membership.role, scopes: p.scopes }, "workspace.read");
  if (!decision.allowed) {
    throw new ApiError("insufficient_scope", "This token lacks the scope required for workspace.read", { denial: { attempted: "workspace.read", workspaceId: p.workspaceId } });
  }
  return listWorkspacesForUser(p.userId, q, { onlyWorkspaceId: p.workspaceId });
}
