import { db } from "@/lib/db/client";
import { type PageQuery, DEFAULT_PAGE, keyedPage } from "@/lib/core/pagination";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { presentWorkspace } from "./present";

/**
 * The workspaces a user belongs to, with their role, newest first. Used by GET /v1/workspaces
 * and by the console (workspace switcher). `onlyWorkspaceId` narrows to one (a token's own).
 */
export async function listWorkspacesForUser(
  userId: string,
  q: PageQuery = DEFAULT_PAGE,
  opts: { onlyWorkspaceId?: string } = {},
): Promise<{ data: WorkspaceDto[]; nextCursor: string | null }> {
  const rows = await db.workspaceMember.findMany({
    where: {
      userId,
      ...(opts.onlyWorkspaceId ? { workspaceId: opts.onlyWorkspaceId } : {}),
      ...(q.cursor ? { AND: [{ workspaceId: { lt: q.cursor } }] } : {}),
    },
    orderBy: { workspaceId: "desc" },
    take: q.limit + 1,
    select: { workspaceId: true, role: true, workspace: true },
  });
  const page = keyedPage(rows, q, (r) => r.workspaceId);
  return { data: page.data.map((r) => presentWorkspace(r.workspace, r.role)), nextCursor: page.nextCursor };
}

/** One workspace by slug, if the user is a member (console pages resolve their URL with it). */
export async function getWorkspaceForUser(userId: string, slug: string): Promise<WorkspaceDto | null> {
  const row = await db.workspaceMember.findFirst({
    where: { userId, workspace: { slug } },
    select: { role: true, workspace: true },
  });
  return row ? presentWorkspace(row.workspace, row.role) : null;
}
