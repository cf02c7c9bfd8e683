import { db } from "@/lib/db/client";
import { cursorWhere, pageArgs, toPage } from "@/lib/core/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LedgerListQuery } from "@/lib/schemas/billing";
import { presentLedgerEntry } from "./present";
import { resolveProjectFilter } from "./project-filter";

/** GET /v1/billing/ledger: the workspace's entries, newest first, filtered, cursor-paginated. */
export async function listLedger(workspaceId: string, q: LedgerListQuery) {
  const projectId = await resolveProjectFilter(workspaceId, q.project);
  if (projectId === null) return { data: [], nextCursor: null };
  const where: Prisma.LedgerEntryWhereInput = {
    workspaceId,
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.runId ? { runId: q.runId } : {}),
    ...(projectId ? { projectId } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
  };
  const rows = await db.ledgerEntry.findMany({ where: { AND: [where, cursorWhere(q)] }, ...pageArgs(q) });
  return toPage(rows.map(presentLedgerEntry), q);
}
