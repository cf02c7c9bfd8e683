import { db } from "@/lib/db/client";
import type { WorkspaceScope } from "@/lib/core/scope";

/** Headline numbers for the console's overview; every count is scoped to the workspace in the query. */
export async function workspaceStats(scope: WorkspaceScope) {
  const workspaceId = scope.workspace.id;
  const userId = scope.principal.userId;
  const now = new Date();
  const [members, pendingInvitations, domains, verifiedDomains, activeTokens, latestToken] = await Promise.all([
    db.workspaceMember.count({ where: { workspaceId } }),
    db.invitation.count({ where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
    db.domain.count({ where: { workspaceId } }),
    db.domain.count({ where: { workspaceId, verifiedAt: { not: null } } }),
    db.apiToken.count({ where: { workspaceId, userId, kind: "personal", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } }),
    db.apiToken.findFirst({
      where: { workspaceId, userId, kind: "personal", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      orderBy: { createdAt: "desc" },
      select: { prefix: true },
    }),
  ]);
  return { members, pendingInvitations, domains, verifiedDomains, activeTokens, latestTokenPrefix: latestToken?.prefix ?? null };
}
