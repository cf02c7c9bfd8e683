import { db } from "@/lib/db/client";
import { type PageQuery, DEFAULT_PAGE, keyedPage } from "@/lib/core/pagination";
import type { MemberDto } from "@/lib/schemas/members";
import { memberSelect, presentMember } from "./present";

/** Members of a workspace, newest user id first (console: members page). */
export async function listMembers(workspaceId: string, q: PageQuery = DEFAULT_PAGE): Promise<{ data: MemberDto[]; nextCursor: string | null }> {
  const rows = await db.workspaceMember.findMany({
    where: { workspaceId, ...(q.cursor ? { userId: { lt: q.cursor } } : {}) },
    orderBy: { userId: "desc" },
    take: q.limit + 1,
    select: memberSelect,
  });
  const page = keyedPage(rows, q, (r) => r.userId);
  return { data: page.data.map(presentMember), nextCursor: page.nextCursor };
}
