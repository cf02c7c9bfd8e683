import "server-only";
import type { PgBoss } from "pg-boss";
import { numberEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { db } from "@/lib/db/client";

// Compaction of the run stats rollups (tables and triggers: migration run_stats_rollup).
//
// Triggers on Run and RunStep append signed changes to RunStatsDelta / RunLatencyDelta inside
// the writer's own transaction: insert-only, so concurrent runs never wait on a shared rollup
// row. Compaction moves them, a batch per statement, into RunStatsRollup / RunLatencyRollup at
// two grains (hour, day) and two scopes (the whole project "*", and the run's workflow). The
// DELETE … RETURNING and the upsert are one statement, so a batch is moved entirely or not at
// all: a crash, a retry or a second worker can neither lose nor double a change. The stats
// query (stats.ts) reads rollups plus the deltas not yet moved, so the answer does not depend
// on when compaction last ran — only its speed does.

const LOCK_KEY = "agentruntime-run-stats-rollup";
const BATCH = 20_000;

export const MOVE_STATS = `
  WITH moved AS (
    DELETE FROM "RunStatsDelta" WHERE id IN (SELECT id FROM "RunStatsDelta" ORDER BY id LIMIT $1) RETURNING *
  ), up AS (
    INSERT INTO "RunStatsRollup" ("workspaceId", "projectId", scope, grain, start, status, runs, cost)
    SELECT m."workspaceId", m."projectId", sc.scope, g.grain, date_trunc(g.grain, m.hour), m.status, sum(m.runs)::int, sum(m.cost)::bigint
    FROM moved m CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain) CROSS JOIN LATERAL (VALUES ('*'), (m."workflowId")) AS sc(scope)
    WHERE sc.scope IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspaceId", "projectId", scope, grain, start, status)
    DO UPDATE SET runs = "RunStatsRollup".runs + EXCLUDED.runs, cost = "RunStatsRollup".cost + EXCLUDED.cost
  )
  SELECT count(*)::int AS n FROM moved`;

// Latencies: the moved counts per value become one histogram per rollup row, added to the
// row's histogram (run_stats_histogram_merge drops values whose count reaches 0).
export const MOVE_LATENCY = `
  WITH moved AS (
    DELETE FROM "RunLatencyDelta" WHERE id IN (SELECT id FROM "RunLatencyDelta" ORDER BY id LIMIT $1) RETURNING *
  ), counts AS (
    SELECT m."workspaceId", m."projectId", sc.scope, g.grain, date_trunc(g.grain, m.hour) AS start, m."nodeType", m."latencyMs", sum(m.count)::int AS n
    FROM moved m CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain) CROSS JOIN LATERAL (VALUES ('*'), (m."workflowId")) AS sc(scope)
    WHERE sc.scope IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(m.count) <> 0
  ), up AS (
    INSERT INTO "RunLatencyRollup" ("workspaceId", "projectId", scope, grain, start, "nodeType", histogram)
    SELECT "workspaceId", "projectId", scope, grain, start, "nodeType", jsonb_object_agg("latencyMs"::text, n)
    FROM counts GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("workspaceId", "projectId", scope, grain, start, "nodeType")
    DO UPDATE SET histogram = run_stats_histogram_merge("RunLatencyRollup".histogram, EXCLUDED.histogram)
  )
  SELECT count(*)::int AS n FROM moved`;

/**
 * Moves every pending delta into the rollups; returns how many delta rows were moved, or null
 * when another process holds the compaction lock (it is doing the same work).
 */
export async function compactRunStats(): Promise<{ stats: number; latency: number } | null> {
  const moved = { stats: 0, latency: 0 };
  for (;;) {
    const round = await db.$transaction(
      async (tx) => {
        // One compactor at a time: two would upsert the same rollup rows in different orders.
        const [{ got }] = await tx.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) AS got`;
        if (!got) return null;
        const [{ n: stats }] = await tx.$queryRawUnsafe<{ n: number }[]>(MOVE_STATS, BATCH);
        const [{ n: latency }] = await tx.$queryRawUnsafe<{ n: number }[]>(MOVE_LATENCY, BATCH);
        return { stats, latency };
      },
      { maxWait: 10_000, timeout: 120_000 },
    );
    if (!round) return moved.stats || moved.latency ? moved : null;
    moved.stats += round.stats;
    moved.latency += round.latency;
    if (round.stats < BATCH && round.latency < BATCH) return moved;
  }
}

function intervalMs(): number {
  return numberEnv("RUN_STATS_COMPACT_INTERVAL_MS", 5000, { min: 100 });
}

/** The worker registration (worker/registrations.ts): compaction every few seconds. */
export async function registerRunStatsRollupWorker(boss: PgBoss): Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    current = compactRunStats()
      .catch((err: unknown) => logger.warn("run stats compaction failed", { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        if (!stopped) schedule();
      });
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs());
    timer.unref();
  };
  schedule();
  boss.once("stopped", () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    void current;
  });
}
