import { parseQuery } from "@/lib/api/body";
import { withProject } from "@/lib/api/with-auth";
import { getRunStats } from "@/lib/runs/stats";
import { runStatsQuery } from "@/lib/schemas/run-stats";

// GET /v1/runs/stats — runs, outcomes and cost per hour/day bucket, step latency p50/p95, totals
export const GET = withProject(async (ctx) => getRunStats(ctx, parseQuery(ctx.req, runStatsQuery)), { action: "run.read" });
