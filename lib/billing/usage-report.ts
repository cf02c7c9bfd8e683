import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { UsageGroupBy, UsageQuery, UsageResponse } from "@/lib/schemas/billing";
import { CREDIT_UNIT } from "./credits";
import { resolveProjectFilter } from "./project-filter";

// Usage aggregates come from UsageRecord: every LLM call, HTTP call and step a run recorded,
// with tokens, list cost and the charge (the same amount its `usage` ledger entry debited;
// usage on the workspace's own key shows tokens at charge 0).

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 30;
const NONE = "none";

// Whitelisted SQL per dimension; never built from request text.
const KEY_SQL: Record<UsageGroupBy, Prisma.Sql> = {
  project: Prisma.sql`"projectId"`,
  workflow: Prisma.sql`"workflowId"`,
  model: Prisma.sql`COALESCE(model, ${NONE})`,
  day: Prisma.sql`to_char("createdAt", 'YYYY-MM-DD')`,
};

type Row = { day: string; key: string; charge: bigint; cost: bigint; tokensIn: bigint; tokensOut: bigint; records: bigint };
type Figures = { charge: number; cost: number; tokensIn: number; tokensOut: number; records: number };

const zero = (): Figures => ({ charge: 0, cost: 0, tokensIn: 0, tokensOut: 0, records: 0 });
function add(into: Figures, r: Row): void {
  into.charge += Number(r.charge);
  into.cost += Number(r.cost);
  into.tokensIn += Number(r.tokensIn);
  into.tokensOut += Number(r.tokensOut);
  into.records += Number(r.records);
}

/** The default window is the last 30 days; a lone bound extends 30 days from it (never past now). */
function usageWindow(q: { from?: string; to?: string }, now = new Date()): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : q.from ? new Date(Math.max(now.getTime(), new Date(q.from).getTime())) : now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
  return { from, to };
}

async function labels(workspaceId: string, groupBy: UsageGroupBy, keys: string[]): Promise<Map<string, string>> {
  if (groupBy === "project") {
    const rows = await db.project.findMany({ where: { workspaceId, id: { in: keys } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (groupBy === "workflow") {
    const rows = await db.workflow.findMany({ where: { workspaceId, id: { in: keys } }, select: { id: true, name: true } });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
  if (groupBy === "model") return new Map([[NONE, "Steps and HTTP calls"]]);
  return new Map();
}

/** GET /v1/billing/usage: totals per project, workflow, model or day, plus a per-day series. */
export async function usageReport(workspaceId: string, q: UsageQuery): Promise<UsageResponse> {
  const { from, to } = usageWindow(q);
  const projectId = await resolveProjectFilter(workspaceId, q.project);
  const key = KEY_SQL[q.groupBy];
  const rows =
    projectId === null
      ? []
      : await db.$queryRaw<Row[]>`
          SELECT to_char("createdAt", 'YYYY-MM-DD') AS day, ${key} AS key,
                 SUM(charge)::bigint AS charge, SUM(cost)::bigint AS cost,
                 SUM("tokensIn")::bigint AS "tokensIn", SUM("tokensOut")::bigint AS "tokensOut", COUNT(*)::bigint AS records
          FROM "UsageRecord"
          WHERE "workspaceId" = ${workspaceId} AND "createdAt" >= ${from} AND "createdAt" <= ${to}
            ${projectId ? Prisma.sql`AND "projectId" = ${projectId}` : Prisma.empty}
          GROUP BY 1, 2
          ORDER BY 1, 2`;

  const totals = zero();
  const groups = new Map<string, Figures>();
  for (const r of rows) {
    add(totals, r);
    const g = groups.get(r.key) ?? zero();
    add(g, r);
    groups.set(r.key, g);
  }
  const names = await labels(workspaceId, q.groupBy, [...groups.keys()]);
  return {
    groupBy: q.groupBy,
    from: from.toISOString(),
    to: to.toISOString(),
    unit: CREDIT_UNIT,
    totals,
    groups: [...groups.entries()]
      .map(([k, f]) => ({ key: k, label: names.get(k) ?? k, ...f }))
      .sort((a, b) => (q.groupBy === "day" ? a.key.localeCompare(b.key) : b.charge - a.charge || a.key.localeCompare(b.key))),
    series: rows.map((r) => ({ day: r.day, key: r.key, charge: Number(r.charge) })),
  };
}
