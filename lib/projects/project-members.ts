import { db } from "@/lib/db/client";
import { recordScopedAudit } from "@/lib/audit/record";
import { ApiError, notFound } from "@/lib/core/errors";
import { type PageQuery, DEFAULT_PAGE, keyedPage } from "@/lib/core/pagination";
import type { ProjectRole } from "@/lib/core/scope";
import type { ProjectMemberDto } from "@/lib/schemas/projects";
import { lockMemberOrThrow } from "@/lib/members/lock-member";
import type { TenantScope } from "@/lib/core/scope";

const select = { userId: true, role: true, createdAt: true, updatedAt: true, user: { select: { email: true, name: true } } } as const;
type Row = { userId: string; role: ProjectRole; createdAt: Date; updatedAt: Date; user: { email: string; name: string | null } };

function present(r: Row): ProjectMemberDto {
  return { userId: r.userId, email: r.user.email, name: r.user.name, role: r.role, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/**
 * Explicit project grants. Owners and tenant admins are project admins everywhere without a
 * row here, so they are not listed (the members page shows their workspace role instead).
 */
export async function listProjectMembers(projectId: string, q: PageQuery = DEFAULT_PAGE): Promise<{ data: ProjectMemberDto[]; nextCursor: string | null }> {
  const rows = await db.projectMember.findMany({
    where: { projectId, ...(q.cursor ? { userId: { lt: q.cursor } } : {}) },
    orderBy: { userId: "desc" },
    take: q.limit + 1,
    select,
  });
  const page = keyedPage(rows, q, (r) => r.userId);
  return { data: page.data.map(present), nextCursor: page.nextCursor };
}

/** Grants or changes a workspace member's role in the project (an upsert); audited. */
export async function setProjectMember(scope: TenantScope, userId: string, role: ProjectRole): Promise<ProjectMemberDto> {
  const workspaceId = scope.workspace.id;
  const projectId = scope.project.id;
  return db.$transaction(async (tx) => {
    // Locked so a concurrent removal from the workspace cannot leave an orphan grant behind.
    const workspaceRole = await lockMemberOrThrow(tx, workspaceId, userId);
    if (workspaceRole !== "member") {
      throw new ApiError("invalid_request", "Owners and tenant admins are already project admins on every project", {
        details: [{ path: "userId", message: `This user is ${workspaceRole}` }],
      });
    }
    const key = { projectId_userId: { projectId, userId } };
    const before = await tx.projectMember.findUnique({ where: key, select: { role: true } });
    if (before?.role === role) return present(await tx.projectMember.findUniqueOrThrow({ where: key, select }));
    const row = await tx.projectMember.upsert({ where: key, create: { workspaceId, projectId, userId, role }, update: { role }, select });
    await recordScopedAudit(scope, { action: before ? "project_member.update" : "project_member.grant", target: { type: "user", id: userId }, before: before ? { role: before.role } : null, after: { role } }, tx);
    return present(row);
  });
}

/** Revokes a user's explicit project role; 404 when they have none. */
export async function removeProjectMember(scope: TenantScope, userId: string): Promise<void> {
  const projectId = scope.project.id;
  await db.$transaction(async (tx) => {
    const key = { projectId_userId: { projectId, userId } };
    const before = await tx.projectMember.findUnique({ where: key, select: { role: true, workspaceId: true } });
    if (!before || before.workspaceId !== scope.workspace.id) throw notFound("Project member");
    await tx.projectMember.delete({ where: key });
    await recordScopedAudit(scope, { action: "project_member.revoke", target: { type: "user", id: userId }, before: { role: before.role }, after: null }, tx);
  });
}
