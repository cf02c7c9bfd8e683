import { tenantWhere } from "@/lib/core/scope";
import "server-only";
import { ApiError, notFound } from "@/lib/core/errors";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import { percentileCont, type Histogram } from "./percentile";
import { MAX_STATS_BUCKETS, type RunStatsBucketSize, type RunStatsDto, type RunStatsQuery } from "@/lib/schemas/run-stats";

type Scope = { workspace: { id: string }; project: { id: string } };
export type Window = { from: Date; to: Date; bucket: RunStatsBucketSize };

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
/** Counts per latency value, or (rollup rows) a whole histogram { "<latencyMs>": count }. */
type LatencyRow = { nodeType: string; latencyMs: number | null; count: number | null; histogram?: Record<string, number> | null };

/** A half-open time range [lo, hi); empty when lo >= hi. */
type Range = [number, number];
const EMPTY: Range = [0, 0];

/**
 * How a window is read: whole days from the day rollups (only when `days`), the other whole
 * hours from the hour rollups, the deltas compaction has not moved yet for every whole hour, and
 * the raw rows for the partial hours at either end (the live tail included).
 */
export function splitWindow(from: Date, to: Date, days: boolean): { day: Range; hours: [Range, Range]; deltas: Range; raw: [Range, Range] } {
  const f = from.getTime();
  const t = to.getTime();
  const h0 = Math.ceil(f / HOUR) * HOUR;
  const h1 = Math.floor(t / HOUR) * HOUR;
  if (h0 >= h1) return { day: EMPTY, hours: [EMPTY, EMPTY], deltas: EMPTY, raw: [[f, t], EMPTY] };
  const raw: [Range, Range] = [[f, h0], [h1, t]];
  const d0 = Math.ceil(h0 / DAY) * DAY;
  const d1 = Math.floor(h1 / DAY) * DAY;
  if (!days || d0 >= d1) return { day: EMPTY, hours: [[h0, h1], EMPTY], deltas: [h0, h1], raw };
  return { day: [d0, d1], hours: [[h0, d0], [d1, h1]], deltas: [h0, h1], raw };
}

// Timestamps are stored as UTC `timestamp(3)`; compare in UTC whatever the session zone.
const ts = (ms: number) => Prisma.sql`(${new Date(ms).toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
const within = (col: Prisma.Sql, [lo, hi]: Range) => (lo < hi ? Prisma.sql`(${col} >= ${ts(lo)} AND ${col} < ${ts(hi)})` : Prisma.sql`false`);

function toDto(window: Window, workflowId: string | null, buckets: BucketRow[], latency: LatencyRow[]): RunStatsDto {
  // Histograms are summed here rather than expanded in SQL: ~90 rows of ~400 values each for 30
  // days cost PostgreSQL more to unnest and regroup than this loop does.
  const counts = new Map<string, Map<number, number>>();
  const add = (nodeType: string, value: number, n: number) => {
    const h = counts.get(nodeType) ?? new Map<number, number>();
    h.set(value, (h.get(value) ?? 0) + n);
    counts.set(nodeType, h);
  };
  for (const l of latency) {
    if (l.histogram) for (const [value, n] of Object.entries(l.histogram)) add(l.nodeType, Number(value), n);
    else if (l.latencyMs !== null && l.count !== null) add(l.nodeType, l.latencyMs, l.count);
  }
  const byType = new Map<string, Histogram>([...counts].map(([nodeType, h]) => [nodeType, [...h].map(([value, count]) => ({ value, count }))]));
  const sum = (k: "runs" | "succeeded" | "failed" | "canceled" | "active") => buckets.reduce((a, b) => a + b[k], 0);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    bucket: window.bucket,
    workflowId,
    buckets: buckets.map((b) => ({ start: b.start, runs: b.runs, succeeded: b.succeeded, failed: b.failed, cost: Number(b.cost) })),
    stepLatency: [...byType]
      .map(([nodeType, h]) => [nodeType, h.filter((b) => b.count > 0)] as const)
      .filter(([, h]) => h.length > 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([nodeType, h]) => ({ nodeType, p50: Math.round(percentileCont(h, 0.5)), p95: Math.round(percentileCont(h, 0.95)), count: h.reduce((a, b) => a + b.count, 0) })),
    totals: { runs: sum("runs"), succeeded: sum("succeeded"), failed: sum("failed"), canceled: sum("canceled"), active: sum("active"), cost: buckets.reduce((a, b) => a + Number(b.cost), 0) },
  };
}

/** Every bucket of the window, empty ones included, from rows of (start, status, runs, cost). */
function bucketsSql(bucket: RunStatsBucketSize, from: Date, to: Date, parts: Prisma.Sql) {
  const failed = Prisma.sql`p.status IN ('failed', 'budget_exceeded')`;
  return Prisma.sql`
    WITH series AS (
      SELECT s AS start FROM generate_series(date_trunc(${bucket}, ${ts(from.getTime())}), ${ts(to.getTime())}, ${`1 ${bucket}`}::interval) AS s
      WHERE s < ${ts(to.getTime())}
    ), agg AS (
      SELECT date_trunc(${bucket}, p.start) AS start, sum(p.runs)::int AS runs,
        (coalesce(sum(p.runs) FILTER (WHERE p.status = 'succeeded'), 0))::int AS succeeded,
        (coalesce(sum(p.runs) FILTER (WHERE ${failed}), 0))::int AS failed,
        (coalesce(sum(p.runs) FILTER (WHERE p.status = 'canceled'), 0))::int AS canceled,
        (coalesce(sum(p.runs) FILTER (WHERE p.status IN ('queued', 'running', 'waiting_approval')), 0))::int AS active,
        coalesce(sum(p.cost), 0)::bigint AS cost
      FROM (${parts}) AS p GROUP BY 1
    )
    SELECT to_char(series.start, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS start, coalesce(agg.runs, 0) AS runs,
      coalesce(agg.succeeded, 0) AS succeeded, coalesce(agg.failed, 0) AS failed, coalesce(agg.canceled, 0) AS canceled,
      coalesce(agg.active, 0) AS active, coalesce(agg.cost, 0)::bigint AS cost
    FROM series LEFT JOIN agg ON agg.start = series.start ORDER BY series.start`;
}

/**
 * Run counts and spend per bucket, step latency percentiles per node type and totals for one
 * project. Runs are placed by creation time (UTC hour/day buckets) under their current status
 * and spend; steps count with their run. Tenancy is in every query (workspace and project), so
 * nothing of another project or tenant is ever counted.
 *
 * Read from the rollups (lib/runs/stats-rollup.ts) for whole hours and days, plus the deltas not
 * yet compacted, plus raw rows for the partial hours at the window's ends — each query one
 * statement, so one snapshot: the result equals getRunStatsRaw's, except step latencies of 1 s
 * or more, which the rollups keep to 3 significant digits (p50/p95 within 0.5 %).
 */
export async function getRunStats(scope: Scope, q: RunStatsQuery, now = new Date()): Promise<RunStatsDto> {
  const window = resolveWindow(q, now);
  const workflowId = await workflowIdOrThrow(scope, q.workflow);
  const queries = runStatsQueries(scope, window, workflowId);
  const [buckets, latency] = await Promise.all([db.$queryRaw<BucketRow[]>(queries.buckets), db.$queryRaw<LatencyRow[]>(queries.latency)]);
  return toDto(window, workflowId, buckets, latency);
}

/** The two statements getRunStats sends (exported for bench:scale's EXPLAIN). */
export function runStatsQueries(scope: Scope, { from, to, bucket }: Window, workflowId: string | null): { buckets: Prisma.Sql; latency: Prisma.Sql } {
  const ws = scope.workspace.id;
  const project = scope.project.id;
  const rollupScope = workflowId ?? "*";
  const ofWorkflow = (col: Prisma.Sql) => (workflowId ? Prisma.sql`AND ${col} = ${workflowId}` : Prisma.empty);

  const counts = splitWindow(from, to, bucket === "day");
  const countParts = Prisma.sql`
    SELECT start, status, runs, cost FROM "RunStatsRollup"
    WHERE "workspaceId" = ${ws} AND "projectId" = ${project} AND scope = ${rollupScope} AND grain = 'day' AND ${within(Prisma.sql`start`, counts.day)}
    UNION ALL
    SELECT start, status, runs, cost FROM "RunStatsRollup"
    WHERE "workspaceId" = ${ws} AND "projectId" = ${project} AND scope = ${rollupScope} AND grain = 'hour'
      AND (${within(Prisma.sql`start`, counts.hours[0])} OR ${within(Prisma.sql`start`, counts.hours[1])})
    UNION ALL
    SELECT hour, status, runs, cost FROM "RunStatsDelta"
    WHERE "workspaceId" = ${ws} AND "projectId" = ${project} ${ofWorkflow(Prisma.sql`"workflowId"`)} AND ${within(Prisma.sql`hour`, counts.deltas)}
    UNION ALL
    SELECT r."createdAt", r.status, 1, r.spent FROM "Run" r
    WHERE r."workspaceId" = ${ws} AND r."projectId" = ${project} ${ofWorkflow(Prisma.sql`r."workflowId"`)}
      AND (${within(Prisma.sql`r."createdAt"`, counts.raw[0])} OR ${within(Prisma.sql`r."createdAt"`, counts.raw[1])})`;

  // Latencies are pooled over the whole window: day rollups wherever a whole day fits.
  const lat = splitWindow(from, to, true);
  const rawRun = (range: Range) => within(Prisma.sql`r."createdAt"`, range);
  const histograms = (grain: "day" | "hour", ranges: Range[]) => Prisma.sql`
    SELECT "nodeType", histogram, NULL::int AS "latencyMs", NULL::int AS count FROM "RunLatencyRollup"
    WHERE "workspaceId" = ${ws} AND "projectId" = ${project} AND scope = ${rollupScope} AND grain = ${grain}
      AND (${Prisma.join(ranges.map((r) => within(Prisma.sql`start`, r)), " OR ")})`;
  const latencyCounts = Prisma.sql`
    SELECT "nodeType", "latencyMs", count FROM "RunLatencyDelta"
    WHERE "workspaceId" = ${ws} AND "projectId" = ${project} ${ofWorkflow(Prisma.sql`"workflowId"`)} AND ${within(Prisma.sql`hour`, lat.deltas)}
    UNION ALL
    SELECT s."nodeType", s."latencyMs", 1 FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
    WHERE r."workspaceId" = ${ws} AND r."projectId" = ${project} ${ofWorkflow(Prisma.sql`r."workflowId"`)}
      AND (${rawRun(lat.raw[0])} OR ${rawRun(lat.raw[1])})
      AND s."workspaceId" = ${ws} AND s."projectId" = ${project}
      AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')`;

  return {
    buckets: bucketsSql(bucket, from, to, countParts),
    latency: Prisma.sql`
      ${histograms("day", [lat.day])}
      UNION ALL
      ${histograms("hour", lat.hours)}
      UNION ALL
      SELECT p."nodeType", NULL::jsonb, p."latencyMs", sum(p.count)::int FROM (${latencyCounts}) AS p GROUP BY 1, 3`,
  };
}

/**
 * The same statistics computed from the raw Run and RunStep rows alone — the definition the
 * rollups must reproduce. Not used to serve requests (a 30-day window joins every step of the
 * window: ~400 ms at 100,000 runs); the rollup tests and bench:scale compare against it.
 */
export async function getRunStatsRaw(scope: Scope, q: RunStatsQuery, now = new Date()): Promise<RunStatsDto> {
  const window = resolveWindow(q, now);
  const { from, to, bucket } = window;
  const workflowId = await workflowIdOrThrow(scope, q.workflow);
  const ws = scope.workspace.id;
  const project = scope.project.id;
  const runs = Prisma.sql`r."workspaceId" = ${ws} AND r."projectId" = ${project}
    AND r."createdAt" >= ${ts(from.getTime())} AND r."createdAt" < ${ts(to.getTime())}
    ${workflowId ? Prisma.sql`AND r."workflowId" = ${workflowId}` : Prisma.empty}`;
  const [buckets, latency] = await Promise.all([
    db.$queryRaw<BucketRow[]>(bucketsSql(bucket, from, to, Prisma.sql`SELECT r."createdAt" AS start, r.status, 1 AS runs, r.spent AS cost FROM "Run" r WHERE ${runs}`)),
    // Only finished attempts have a meaningful latency; reused/skipped steps did no work.
    db.$queryRaw<LatencyRow[]>`
      SELECT s."nodeType" AS "nodeType", s."latencyMs" AS "latencyMs", count(*)::int AS count
      FROM "RunStep" s JOIN "Run" r ON r.id = s."runId"
      WHERE ${runs} AND s."workspaceId" = ${ws} AND s."projectId" = ${project}
        AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
      GROUP BY 1, 2`,
  ]);
  return toDto(window, workflowId, buckets, latency);
}
