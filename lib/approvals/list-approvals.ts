import type { TenantRef } from "@/lib/core/scope";
import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { ApprovalDto, ListApprovalsQuery } from "@/lib/schemas/approvals";
import { approvalSelect, presentApprovals } from "./present-approval";

/** The project's approvals, newest first; pending ones by default (the inbox). */
export async function listApprovals(scope: TenantRef, q: ListApprovalsQuery): Promise<{ data: ApprovalDto[]; nextCursor: string | null }> {
  const rows = await db.approval.findMany({
    where: {
      workspaceId: scope.workspace.id,
      projectId: scope.project.id,
      ...(q.status !== "all" ? { status: q.status } : {}),
      ...(q.runId ? { runId: q.runId } : {}),
      ...cursorWhere(q),
    },
    ...pageArgs(q),
    select: approvalSelect,
  });
  const page = toPage(rows, q);
  return { data: await presentApprovals(page.data), nextCursor: page.nextCursor };
}
