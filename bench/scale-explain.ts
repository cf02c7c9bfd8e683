// EXPLAIN (ANALYZE, BUFFERS) of the queries behind the Command Center's reads, in the shapes the
// app sends them (lib/runs/list-runs.ts through Prisma, lib/runs/stats.ts as written, simplified), summarised
// one line each: the plan's nodes with the index each scans, rows, buffers and execution time.
import type pg from "pg";

type Plan = { "Node Type": string; "Index Name"?: string; "Relation Name"?: string; "Actual Rows"?: number; "Actual Loops"?: number; Plans?: Plan[] };
type Ctx = { workspaceId: string; projectId: string; workflowIds: string[]; deep: string; bigRunId: string };

const RUN_COLUMNS = `"id","kind","workflowId","agentId","endUserId","versionNumber","status","trigger","input","output","error","budget","creditHold","spent","startedById","startedByTokenId","inboundSubscriptionId","rerunOfId","rerunFromNodeId","cancelRequestedAt","lastEventSeq","createdAt","startedAt","finishedAt","updatedAt"`;

function nodes(p: Plan, out: string[] = []): string[] {
  const on = p["Index Name"] ? ` ${p["Index Name"]}` : p["Relation Name"] ? ` ${p["Relation Name"]}` : "";
  out.push(`${p["Node Type"]}${on}`);
  for (const c of p.Plans ?? []) nodes(c, out);
  return out;
}

export async function explainKeyQueries(sql: pg.Client, c: Ctx): Promise<string[]> {
  const window = `r."createdAt" >= now() AT TIME ZONE 'UTC' - interval '30 days' AND r."createdAt" < now() AT TIME ZONE 'UTC'`;
  const list = (where: string) => `SELECT ${RUN_COLUMNS} FROM "Run" WHERE "workspaceId" = $1 AND "projectId" = $2 ${where} ORDER BY "id" DESC LIMIT 51`;
  const queries: [string, string, unknown[]][] = [
    ["list, first page", list(""), [c.workspaceId, c.projectId]],
    ["list, deep cursor, status=failed", list(`AND "status" = 'failed' AND "id" < $3`), [c.workspaceId, c.projectId, c.deep]],
    ["list, workflow + status, deep cursor", list(`AND "workflowId" = $3 AND "status" = 'succeeded' AND "id" < $4`), [c.workspaceId, c.projectId, c.workflowIds[0], c.deep]],
    ["list, workflow + status, no match", list(`AND "workflowId" = $3 AND "status" = 'canceled'`), [c.workspaceId, c.projectId, c.workflowIds[1]]],
    [
      "stats buckets, 30 days (raw rows, getRunStatsRaw)",
      `SELECT date_trunc('day', r."createdAt"), count(*)::int, (count(*) FILTER (WHERE r.status = 'succeeded'))::int, coalesce(sum(r.spent), 0)::bigint
       FROM "Run" r WHERE r."workspaceId" = $1 AND r."projectId" = $2 AND ${window} GROUP BY 1`,
      [c.workspaceId, c.projectId],
    ],
    [
      "stats step latency, 30 days (raw rows)",
      `SELECT s."nodeType", s."latencyMs", count(*)::int
       FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
       WHERE r."workspaceId" = $1 AND r."projectId" = $2 AND ${window} AND s."workspaceId" = $1 AND s."projectId" = $2
         AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed') GROUP BY 1, 2`,
      [c.workspaceId, c.projectId],
    ],
    [
      "stats step latency, 24 h (raw rows)",
      `SELECT s."nodeType", s."latencyMs", count(*)::int
       FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
       WHERE r."workspaceId" = $1 AND r."projectId" = $2 AND r."createdAt" >= now() AT TIME ZONE 'UTC' - interval '1 day' AND s."workspaceId" = $1 AND s."projectId" = $2
         AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed') GROUP BY 1, 2`,
      [c.workspaceId, c.projectId],
    ],
    ["steps of the 200-step run", `SELECT * FROM "RunStep" WHERE "runId" = $1 AND "workspaceId" = $2 ORDER BY seq, "startedAt"`, [c.bigRunId, c.workspaceId]],
    ["SSE catch-up after a notice", `SELECT * FROM "RunEvent" WHERE "runId" = $1 AND "workspaceId" = $2 AND seq > 400 ORDER BY seq LIMIT 500`, [c.bigRunId, c.workspaceId]],
  ];
  const out: string[] = [];
  const explain = async (name: string, text: string, params: unknown[]) => {
    const { rows } = await sql.query<{ "QUERY PLAN": [{ Plan: Plan & { "Shared Hit Blocks"?: number; "Shared Read Blocks"?: number }; "Execution Time": number }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${text}`, params);
    const [{ Plan: plan, "Execution Time": exec }] = rows[0]["QUERY PLAN"];
    const buffers = (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0);
    out.push(`${name}: ${nodes(plan).join(" → ")}; ${plan["Actual Rows"]} rows, ${buffers} buffers, ${exec.toFixed(1)} ms`);
  };
  for (const [name, text, params] of queries) await explain(name, text, params);
  // The list queries again with Run's indexes as they were before the run_list_indexes
  // migration: DDL is transactional, so the old set exists only inside this rolled-back transaction.
  await sql.query("BEGIN");
  try {
    await sql.query(`DROP INDEX "Run_projectId_id_idx", "Run_projectId_status_id_idx", "Run_workflowId_id_idx"`);
    await sql.query(`CREATE INDEX "Run_workflowId_createdAt_idx" ON "Run"("workflowId", "createdAt")`);
    await sql.query(`ANALYZE "Run"`);
    for (const [name, text, params] of queries.filter(([n]) => n.startsWith("list"))) await explain(`${name} (indexes before)`, text, params);
  } finally {
    await sql.query("ROLLBACK");
  }
  return out;
}
