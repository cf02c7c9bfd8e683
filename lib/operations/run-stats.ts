import { runStatsQuery, runStatsResponse } from "@/lib/schemas/run-stats";
import { getRunStats as stats } from "@/lib/runs/stats";
import { defineResource } from "./define";

export const runStats = defineResource({ tags: ["Runs"], auth: "project", action: "run.read", components: { RunStats: runStatsResponse } }, (op) => ({
  getRunStats: op({
    route: "GET /v1/runs/stats",
    summary: "Run statistics of the project",
    description:
      "Runs created in `[from, to)`, bucketed by UTC hour or day (every bucket present, empty ones with zeros): counts, successes, failures (`failed` and `budget_exceeded`) and cost in usd_micros. `stepLatency` gives the p50/p95 latency in milliseconds of the finished steps of those runs, per node type. Filter by `workflow` (id or slug; an unknown one is a 404). At most 1000 buckets per request.",
    query: runStatsQuery,
    responses: { 200: { description: "Buckets, step latency and totals", schema: (c) => c.RunStats } },
    handler: async (ctx, { query }) => stats(ctx, query),
  }),
}));
