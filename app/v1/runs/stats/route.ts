import { routeOf } from "@/lib/operations/route";
import { runStats } from "@/lib/operations/run-stats";

// GET /v1/runs/stats — runs, outcomes and cost per hour/day bucket, step latency p50/p95, totals
export const GET = routeOf(runStats.getRunStats);
