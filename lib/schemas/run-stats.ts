import { z } from "zod";
import { timestamp } from "./common";

// GET /v1/runs/stats: run counts and spend per time bucket and step latency percentiles, for
// the Command Center charts. Money is usd_micros (1 USD = 1,000,000) as JSON integers.

const runStatsBucketSize = z.enum(["hour", "day"]);
export type RunStatsBucketSize = z.infer<typeof runStatsBucketSize>;

/** Most buckets one request may ask for (1000 hours ≈ 41 days, 1000 days ≈ 2.7 years). */
export const MAX_STATS_BUCKETS = 1000;

export const runStatsQuery = z.object({
  from: timestamp.optional().describe("Start of the window (inclusive). Default: 24 hours (hour buckets) or 30 days (day buckets) before `to`"),
  to: timestamp.optional().describe("End of the window (exclusive). Default: now"),
  bucket: runStatsBucketSize
    .optional()
    .describe("Bucket size, in UTC. Default: `hour` for windows up to 3 days, else `day`. At most 1000 buckets per request"),
  workflow: z.string().trim().min(1).max(64).optional().describe("Only runs of this workflow (id or slug)"),
});
export type RunStatsQuery = z.infer<typeof runStatsQuery>;

const count = z.number().int().nonnegative();
const usdMicros = z.number().int().nonnegative().describe("usd_micros (1 USD = 1,000,000)");

const runStatsBucket = z.object({
  start: timestamp.describe("Start of the bucket (UTC); every bucket of the window is present, empty ones with zeros"),
  runs: count.describe("Runs created in the bucket"),
  succeeded: count,
  failed: count.describe("Runs that ended `failed` or `budget_exceeded`"),
  cost: usdMicros.describe("What the bucket's runs were charged, in usd_micros"),
});

const stepLatencyStat = z.object({
  nodeType: z.string().describe("trigger, llm, http, transform, condition, approval, output"),
  p50: z.number().nonnegative().describe("Median latency in milliseconds"),
  p95: z.number().nonnegative().describe("95th percentile latency in milliseconds"),
  count: count.describe("Finished steps measured"),
});

const runStatsTotals = z.object({
  runs: count,
  succeeded: count,
  failed: count.describe("`failed` or `budget_exceeded`"),
  canceled: count,
  active: count.describe("Queued, running or waiting for an approval"),
  cost: usdMicros,
});

export const runStatsResponse = z.object({
  from: timestamp,
  to: timestamp,
  bucket: runStatsBucketSize,
  workflowId: z.string().nullable(),
  buckets: z.array(runStatsBucket),
  stepLatency: z.array(stepLatencyStat),
  totals: runStatsTotals,
});
export type RunStatsDto = z.infer<typeof runStatsResponse>;
