import { db } from "@/lib/db/client";
import { notFound } from "@/lib/core/errors";
import { effectiveProjectRole } from "@/lib/authz/permissions";
import { type WorkspaceRole } from "@/lib/core/scope";
import type { TokenLimits } from "./token-policy";

export type TokenProjectCaller = { userId: string; workspaceId: string; workspaceRole: WorkspaceRole };

/**
 * The project a new token is restricted to (by id or slug), which the user must be able to
 * see; a project they cannot see is a 404 like a missing one. A project-restricted caller
 * token can only issue tokens restricted to that same project.
 */
export async function resolveTokenProject(
  caller: TokenProjectCaller,
  ref: string | null,
  limits: TokenLimits | null,
): Promise<{ id: string; slug: string; name: string } | null> {
  const key = ref ?? limits?.projectId ?? null;
  if (!key) return null;
  const project = await db.project.findFirst({
    where: { workspaceId: caller.workspaceId, OR: [{ id: key }, { slug: key }] },
    select: { id: true, slug: true, name: true, members: { where: { userId: caller.userId }, select: { role: true } } },
  });
  if (!project) throw notFound("Project");
  if (limits?.projectId && project.id !== limits.projectId) throw notFound("Project");
  if (!effectiveProjectRole(caller.workspaceRole, project.members[0]?.role ?? null)) throw notFound("Project");
  return { id: project.id, slug: project.slug, name: project.name };
}
