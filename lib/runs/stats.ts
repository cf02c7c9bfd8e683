import { tenantWhere } from "@/lib/core/scope";
import "server-only";
import { ApiError, notFound } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { percentileCont, type Histogram } from "./percentile";
import { MAX_STATS_BUCKETS, type RunStatsBucketSize, type RunStatsDto, type RunStatsQuery } from "@/lib/schemas/run-stats";

type Scope = { workspace: { id: string }; project: { id: string } };
type Window = { from: Date; to: Date; bucket: RunStatsBucketSize };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SIZE: Record<RunStatsBucketSize, number> = { hour: HOUR, day: DAY };
// PostgreSQL has no year 0 and ISO strings change shape past year 9999: keep to this range.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function invalid(path: string, message: string): ApiError {
  return new ApiError("invalid_request", message, { details: [{ path, message }] });
}

/** The window and bucket size a query asks for, with the defaults filled in; 422 if unusable. */
export function resolveWindow(q: Pick<RunStatsQuery, "from" | "to" | "bucket">, now = new Date()): Window {
  const to = q.to ? new Date(q.to) : now;
  // Without a `from`, the bucket size (or hourly) decides how far back the default window goes.
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - (q.bucket === "day" ? 30 * DAY : DAY));
  if (from.getTime() < EARLIEST || to.getTime() > LATEST) throw invalid(from.getTime() < EARLIEST ? "from" : "to", "Dates must lie between 1970 and 9999");
  if (!(from.getTime() < to.getTime())) throw invalid("from", "`from` must be before `to`");
  const bucket = q.bucket ?? (to.getTime() - from.getTime() <= 3 * DAY ? "hour" : "day");
  const size = SIZE[bucket];
  // Buckets are aligned on UTC hours/days (epoch multiples), as date_trunc does in SQL.
  const first = Math.floor(from.getTime() / size) * size;
  if (Math.ceil((to.getTime() - first) / size) > MAX_STATS_BUCKETS) {
    throw invalid("from", `The window spans more than ${MAX_STATS_BUCKETS} ${bucket} buckets: narrow it or use a larger bucket`);
  }
  return { from, to, bucket };
}

async function workflowIdOrThrow(scope: Scope, ref: string | undefined): Promise<string | null> {
  if (!ref) return null;
  const wf = await db.workflow.findFirst({
    where: { ...tenantWhere(scope), OR: [{ id: ref }, { slug: ref }] },
    select: { id: true },
  });
  if (!wf) throw notFound("Workflow");
  return wf.id;
}

type BucketRow = { start: string; runs: number; succeeded: number; failed: number; canceled: number; active: number; cost: bigint };
type LatencyRow = { nodeType: string; latencyMs: number; count: number };

/**
 * Run counts and spend per bucket, step latency percentiles per node type and totals for one
 * project, all counted in PostgreSQL. Runs are placed by creation time; steps count with
 * their run. Tenancy is in every query (workspace and project), so nothing of another
 * project or tenant is ever counted.
 *
 * Two queries, in parallel: the buckets (the totals are their sum, so the runs of the window
 * are read once), and the step latencies grouped by value (a hash aggregate), from which the
 * exact percentile_cont is taken in percentile.ts — sorting every step of a 30-day window
 * (300,000 at 100,000 runs) cost more than the join itself (see the README's Scale figures).
 */
export async function getRunStats(scope: Scope, q: RunStatsQuery, now = new Date()): Promise<RunStatsDto> {
  const { from, to, bucket } = resolveWindow(q, now);
  const workflowId = await workflowIdOrThrow(scope, q.workflow);
  // Timestamps are stored as UTC `timestamp(3)`; compare in UTC whatever the session zone.
  const fromTs = Prisma.sql`(${from.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const toTs = Prisma.sql`(${to.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const runs = Prisma.sql`r."workspaceId" = ${scope.workspace.id} AND r."projectId" = ${scope.project.id}
    AND r."createdAt" >= ${fromTs} AND r."createdAt" < ${toTs}
    ${workflowId ? Prisma.sql`AND r."workflowId" = ${workflowId}` : Prisma.empty}`;
  const failed = Prisma.sql`r.status IN ('failed', 'budget_exceeded')`;

  const [buckets, latency] = await Promise.all([
    db.$queryRaw<BucketRow[]>`
      WITH series AS (
        SELECT s AS start FROM generate_series(date_trunc(${bucket}, ${fromTs}), ${toTs}, ${`1 ${bucket}`}::interval) AS s
        WHERE s < ${toTs}
      ), agg AS (
        SELECT date_trunc(${bucket}, r."createdAt") AS start, count(*)::int AS runs,
          (count(*) FILTER (WHERE r.status = 'succeeded'))::int AS succeeded,
          (count(*) FILTER (WHERE ${failed}))::int AS failed,
          (count(*) FILTER (WHERE r.status = 'canceled'))::int AS canceled,
          (count(*) FILTER (WHERE r.status IN ('queued', 'running', 'waiting_approval')))::int AS active,
          coalesce(sum(r.spent), 0)::bigint AS cost
        FROM "Run" r WHERE ${runs} GROUP BY 1
      )
      SELECT to_char(series.start, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS start, coalesce(agg.runs, 0) AS runs,
        coalesce(agg.succeeded, 0) AS succeeded, coalesce(agg.failed, 0) AS failed, coalesce(agg.canceled, 0) AS canceled,
        coalesce(agg.active, 0) AS active, coalesce(agg.cost, 0)::bigint AS cost
      FROM series LEFT JOIN agg ON agg.start = series.start ORDER BY series.start`,
    // Only finished attempts have a meaningful latency; reused/skipped steps did no work.
    db.$queryRaw<LatencyRow[]>`
      SELECT s."nodeType" AS "nodeType", s."latencyMs" AS "latencyMs", count(*)::int AS count
      FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
      WHERE ${runs} AND s."workspaceId" = ${scope.workspace.id} AND s."projectId" = ${scope.project.id}
        AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
      GROUP BY 1, 2`,
  ]);

  const byType = new Map<string, Histogram>();
  for (const l of latency) {
    const h = byType.get(l.nodeType) ?? [];
    h.push({ value: l.latencyMs, count: l.count });
    byType.set(l.nodeType, h);
  }
  const sum = (k: "runs" | "succeeded" | "failed" | "canceled" | "active") => buckets.reduce((a, b) => a + b[k], 0);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    bucket,
    workflowId,
    buckets: buckets.map((b) => ({ start: b.start, runs: b.runs, succeeded: b.succeeded, failed: b.failed, cost: Number(b.cost) })),
    stepLatency: [...byType]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([nodeType, h]) => ({ nodeType, p50: Math.round(percentileCont(h, 0.5)), p95: Math.round(percentileCont(h, 0.95)), count: h.reduce((a, b) => a + b.count, 0) })),
    totals: { runs: sum("runs"), succeeded: sum("succeeded"), failed: sum("failed"), canceled: sum("canceled"), active: sum("active"), cost: buckets.reduce((a, b) => a + Number(b.cost), 0) },
  };
}
