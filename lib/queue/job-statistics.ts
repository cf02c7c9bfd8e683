import { db } from "@/lib/db/client";
import { BOSS_SCHEMA } from "./boss";

// Fresh planner statistics for pg-boss's job tables, so that a burst of queued jobs does not make
// every fetch scan the whole backlog.
//
// pg-boss fetches a batch of a stately queue (runs) with a NOT EXISTS over the queue's active
// jobs. PostgreSQL plans that fetch from the job table's statistics. Gathered while the queue
// was nearly empty, they make it expect a couple of queued jobs, and it then joins every queued
// job against every active one and sorts them all before taking a batch, instead of reading the
// queue in order and stopping at the batch. Measured in `bench:runs`: 98 ms for one fetch with
// 2,464 runs queued and 40 active, and half of PostgreSQL's CPU at 8,000 queued runs. Autovacuum
// analyzes a table only after a tenth of it has changed and at most once per
// autovacuum_naptime (a minute by default): a burst is over, or has been slow, by then.
//
// So the maintenance round (worker/maintenance.ts, every few seconds, one worker at a time)
// analyzes a job table once MIN_CHANGES rows of it changed since its last analyze, at most once
// per MIN_INTERVAL. ANALYZE reads a fixed-size sample (30,000 rows at the default statistics
// target), so a round costs tens of milliseconds however large the table, and it takes no lock
// that a fetch, an insert or a completion waits for. A worker also runs it as it starts, before
// its first fetch (worker/start-worker.ts).

const MIN_CHANGES = 1000;
const MIN_INTERVAL_SECONDS = 10;

/** Analyzes the pg-boss job tables whose statistics are stale; returns their names (a table a vacuum holds is skipped). */
export async function analyzeStaleJobTables(opts: { minIntervalSeconds?: number } = {}): Promise<string[]> {
  // The queues' own tables (`job_common`, or one per partitioned queue), as pg-boss records them.
  const stale = await db.$queryRawUnsafe<{ table: string; target: string }[]>(
    `SELECT s.relname AS "table", format('%I.%I', s.schemaname, s.relname) AS target
     FROM pg_stat_user_tables s
     WHERE s.schemaname = $1
       AND s.relname IN (SELECT table_name FROM "${BOSS_SCHEMA}".queue UNION SELECT 'job_common')
       AND s.n_mod_since_analyze >= $2
       AND coalesce(greatest(s.last_analyze, s.last_autoanalyze), '-infinity') < now() - make_interval(secs => $3)
     ORDER BY s.relname`,
    BOSS_SCHEMA,
    MIN_CHANGES,
    opts.minIntervalSeconds ?? MIN_INTERVAL_SECONDS,
  );
  // SKIP_LOCKED: a table autovacuum is vacuuming (that can take minutes) is skipped, not waited
  // for; the next round finds it stale again.
  for (const { target } of stale) await db.$executeRawUnsafe(`ANALYZE (SKIP_LOCKED) ${target}`);
  return stale.map((s) => s.table);
}
