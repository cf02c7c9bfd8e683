import { db } from "@/lib/db/client";
import { unauthorized } from "@/lib/core/errors";
import type { Principal } from "@/lib/access/principal";

/**
 * Who is calling. A token speaks for one workspace, so with a token only that workspace is
 * listed (a CI token should not enumerate its owner's other tenants).
 */
export async function getMe(principal: Principal) {
  const user = await db.user.findUnique({
    where: { id: principal.userId },
    select: { id: true, email: true, name: true, emailVerified: true },
  });
  if (!user) throw unauthorized();
  const tokenWorkspaceId = principal.type === "token" ? principal.workspaceId : undefined;
  const memberships = await db.workspaceMember.findMany({
    where: { userId: user.id, ...(tokenWorkspaceId ? { workspaceId: tokenWorkspaceId } : {}) },
    select: { role: true, workspace: { select: { id: true, slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    user: { ...user, emailVerified: user.emailVerified !== null },
    workspaces: memberships.map((m) => ({ ...m.workspace, role: m.role })),
    token: principal.type === "token" ? await tokenInfo(principal) : null,
  };
}

async function tokenInfo(p: Extract<Principal, { type: "token" }>) {
  const [workspace, project] = await Promise.all([
    db.workspace.findUnique({ where: { id: p.workspaceId }, select: { id: true, slug: true, name: true } }),
    p.projectId ? db.project.findFirst({ where: { id: p.projectId, workspaceId: p.workspaceId }, select: { id: true, slug: true, name: true } }) : null,
  ]);
  if (!workspace) throw unauthorized();
  return { id: p.tokenId, name: p.tokenName, scopes: p.scopes, workspace, project, expiresAt: p.expiresAt };
}
