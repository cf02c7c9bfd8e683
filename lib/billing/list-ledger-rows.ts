import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LedgerRowResponse, LedgerRowsQuery } from "@/lib/schemas/billing";
import { resolveProjectFilter } from "./project-filter";

type Row = {
  seq: bigint;
  amount: bigint;
  entries: number;
  firstAt: Date;
  models: string[];
  id: string;
  createdAt: Date;
  kind: LedgerRowResponse["kind"];
  balanceAfter: bigint;
  runId: string | null;
  workflowId: string | null;
  workflowName: string | null;
  projectId: string | null;
  description: string | null;
};

/**
 * GET /v1/billing/ledger/by-run: the ledger one row per run (its charges summed; other entries
 * stay one row each), newest first. Rows are ordered by their last entry's place in the order
 * the balance moved (seq), and "balance after" is the balance right after that entry: when two
 * runs charged at the same time, each row still shows the balance its last charge left.
 */
export async function listLedgerRows(workspaceId: string, q: LedgerRowsQuery): Promise<{ data: LedgerRowResponse[]; nextCursor: string | null }> {
  const projectId = await resolveProjectFilter(workspaceId, q.project);
  if (projectId === null) return { data: [], nextCursor: null };
  const filters = [
    Prisma.sql`"workspaceId" = ${workspaceId}`,
    ...(q.kind ? [Prisma.sql`kind = ${q.kind}`] : []),
    ...(projectId ? [Prisma.sql`"projectId" = ${projectId}`] : []),
    ...(q.from ? [Prisma.sql`"createdAt" >= ${new Date(q.from)}`] : []),
    ...(q.to ? [Prisma.sql`"createdAt" <= ${new Date(q.to)}`] : []),
  ];
  const rows = await db.$queryRaw<Row[]>`
    WITH g AS (
      SELECT max(seq) AS seq, sum(amount)::bigint AS amount, count(*)::int AS entries, min("createdAt") AS "firstAt",
             array_remove(array_agg(DISTINCT model), NULL) AS models
        FROM "LedgerEntry"
       WHERE ${Prisma.join(filters, " AND ")}
       GROUP BY COALESCE("runId", id)
      HAVING ${q.cursor ? Prisma.sql`max(seq) < ${BigInt(q.cursor)}` : Prisma.sql`true`}
       ORDER BY max(seq) DESC
       LIMIT ${q.limit + 1}
    )
    SELECT g.*, l.id, l."createdAt", l.kind, l."balanceAfter", l."runId", l."workflowId", l."projectId", l.description, w.name AS "workflowName"
      FROM g
      JOIN "LedgerEntry" l ON l.seq = g.seq AND l."workspaceId" = ${workspaceId}
      LEFT JOIN "Workflow" w ON w.id = l."workflowId" AND w."workspaceId" = ${workspaceId}
     ORDER BY g.seq DESC`;
  const hasMore = rows.length > q.limit;
  const page = hasMore ? rows.slice(0, q.limit) : rows;
  return { data: page.map(present), nextCursor: hasMore ? String(page[page.length - 1].seq) : null };
}

function present(r: Row): LedgerRowResponse {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    firstAt: r.firstAt.toISOString(),
    kind: r.kind,
    amount: Number(r.amount),
    balanceAfter: Number(r.balanceAfter),
    entries: r.entries,
    runId: r.runId,
    workflowId: r.workflowId,
    workflowName: r.workflowName,
    projectId: r.projectId,
    models: r.models,
    description: r.description,
  };
}
