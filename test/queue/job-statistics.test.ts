import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db/client";
import { BOSS_SCHEMA, getBoss } from "@/lib/queue/boss";
import { analyzeStaleJobTables } from "@/lib/queue/job-statistics";
import { startTestWorker } from "@/test/support/run-worker";

// A burst of queued jobs on a stately queue (the runs queue's policy), after the job table was
// analyzed while that queue was empty: pg-boss's fetch is planned as a join of every queued job
// against every active one, sorted whole (the 98 ms fetches of bench:runs). The maintenance
// round's analyze gives it back the plan that reads the queue in order and stops at the batch.

type PlanNode = { "Node Type": string; "Sort Key"?: string[]; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** The fetch sorts the queue's whole backlog (instead of reading it in order up to the batch). */
function sortsBacklog(plan: PlanNode): boolean {
  return nodes(plan).some((n) => n["Node Type"] === "Sort" && (n["Sort Key"] ?? []).some((k) => k.includes("priority")));
}

describe("job table statistics", () => {
  let boss: PgBoss;
  // The burst's writes go through one connection, which then sends its table counters to the
  // statistics views at once (an idle connection otherwise sends them within some seconds).
  let client: pg.Client;
  const on = { executeSql: (text: string, values?: unknown[]) => client.query(text, values) };
  const flushCounters = () => client.query("SELECT pg_stat_force_next_flush()");
  const queue = `stats-${randomUUID().slice(0, 8)}`;
  const filler = `stats-filler-${randomUUID().slice(0, 8)}`;
  const startQueue = `stats-start-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    boss = await getBoss();
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await boss.createQueue(queue, { policy: "stately" });
    await boss.createQueue(filler, { policy: "standard" });
    await boss.createQueue(startQueue, { policy: "stately" });
    // No autovacuum analyze racing the tests' own (they count changes since the last analyze).
    await db.$executeRawUnsafe(`ALTER TABLE "${BOSS_SCHEMA}"."${await queueTable()}" SET (autovacuum_enabled = false)`);
  });

  afterAll(async () => {
    // A worker started by a test replaced the pg-boss instance.
    boss = await getBoss();
    await db.$executeRawUnsafe(`ALTER TABLE "${BOSS_SCHEMA}"."${await queueTable()}" RESET (autovacuum_enabled)`);
    await boss.deleteQueue(queue);
    await boss.deleteQueue(filler);
    await boss.deleteQueue(startQueue);
    await client.end();
  });

  async function queueTable(): Promise<string> {
    const [{ table }] = await db.$queryRawUnsafe<{ table: string }[]>(`SELECT table_name AS "table" FROM "${BOSS_SCHEMA}".queue WHERE name = $1`, queue);
    return table;
  }

  async function tableStats(table: string): Promise<{ modified: number; analyzedAt: Date | null }> {
    const [s] = await db.$queryRawUnsafe<{ modified: number; analyzedAt: Date | null }[]>(
      `SELECT n_mod_since_analyze::int AS modified, greatest(last_analyze, last_autoanalyze) AS "analyzedAt" FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2`,
      BOSS_SCHEMA,
      table,
    );
    return s;
  }
  const modifiedSinceAnalyze = async () => (await tableStats(await queueTable())).modified;

  /** pg-boss's own SQL for fetching a batch of the stately queue, planned now (not executed). */
  async function fetchPlan(): Promise<PlanNode> {
    let sql: { text: string; values?: unknown[] } | null = null;
    await boss.fetch(queue, {
      batchSize: 8,
      db: {
        executeSql: async (text: string, values?: unknown[]) => {
          sql = { text, values };
          return { rows: [] };
        },
      },
    });
    const captured = sql as { text: string; values?: unknown[] } | null;
    if (!captured) throw new Error("pg-boss sent no fetch statement");
    const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": [{ Plan: PlanNode }] }[]>(`EXPLAIN (FORMAT JSON) ${captured.text}`, ...(captured.values ?? []));
    return rows[0]["QUERY PLAN"][0].Plan;
  }

  it("a worker starting into a backlog analyzes the stale table before it fetches", async () => {
    const table = await queueTable();
    await boss.insert(startQueue, Array.from({ length: 1200 }, (_, n) => ({ data: { n }, singletonKey: `backlog-${n}` })), { db: on });
    await flushCounters();
    await expect.poll(() => modifiedSinceAnalyze(), { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(1200);
    const before = (await tableStats(table)).analyzedAt;
    // Not within the minimum interval of an earlier analyze (an autovacuum one, say).
    await new Promise((r) => setTimeout(r, Math.max(0, (before?.getTime() ?? 0) + 10_500 - Date.now())));
    const worker = await startTestWorker({ maintenance: false });
    try {
      const after = await tableStats(table);
      expect(after.analyzedAt!.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
    } finally {
      await worker.stop();
    }
  }, 60_000);

  it("a burst on a queue analyzed while empty is fetched in order again once the stale table is analyzed", async () => {
    boss = await getBoss();
    // The table as a quiet system leaves it: finished jobs of another queue, none of this one, analyzed.
    await boss.insert(filler, Array.from({ length: 2000 }, (_, n) => ({ data: { n } })), { db: on });
    await client.query(`UPDATE "${BOSS_SCHEMA}".job SET state = 'completed', completed_on = now() WHERE name = $1`, [filler]);
    await flushCounters();
    const table = await queueTable();
    await db.$executeRawUnsafe(`ANALYZE "${BOSS_SCHEMA}"."${table}"`);

    // The burst: 3,000 queued runs, 16 of them active.
    await boss.insert(queue, Array.from({ length: 3000 }, (_, n) => ({ data: { n }, singletonKey: `run-${n}` })), { db: on });
    expect((await boss.fetch(queue, { batchSize: 8, db: on })).length).toBe(8);
    expect((await boss.fetch(queue, { batchSize: 8, db: on })).length).toBe(8);
    await flushCounters();
    expect(sortsBacklog(await fetchPlan())).toBe(true);

    // Until the connection's counters reach the statistics views, nothing looks stale.
    await expect.poll(() => modifiedSinceAnalyze(), { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(3000);
    // (This test analyzed the table itself a moment ago, hence no minimum interval here.)
    expect(await analyzeStaleJobTables({ minIntervalSeconds: 0 })).toContain(table);
    const after = await fetchPlan();
    expect(sortsBacklog(after)).toBe(false);
    expect(nodes(after).map((n) => n["Node Type"])).toContain("LockRows");

    // Analyzed a moment ago: nothing changed since, so not again; changed again, not before the minimum interval.
    expect(await analyzeStaleJobTables({ minIntervalSeconds: 0 })).not.toContain(table);
    await boss.insert(queue, Array.from({ length: 1500 }, (_, n) => ({ data: { n }, singletonKey: `more-${n}` })), { db: on });
    await flushCounters();
    await expect.poll(() => modifiedSinceAnalyze(), { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(1500);
    expect(await analyzeStaleJobTables({ minIntervalSeconds: 3600 })).not.toContain(table);
    expect(await analyzeStaleJobTables({ minIntervalSeconds: 0 })).toContain(table);
  }, 60_000);

  it("a table a vacuum holds is skipped, not waited for", async () => {
    boss = await getBoss();
    const table = await queueTable();
    await boss.insert(startQueue, Array.from({ length: 1100 }, (_, n) => ({ data: { n }, singletonKey: `vacuumed-${n}` })), { db: on });
    await flushCounters();
    await expect.poll(() => modifiedSinceAnalyze(), { timeout: 15_000, interval: 200 }).toBeGreaterThanOrEqual(1100);
    // The lock a (auto)vacuum holds for its whole run.
    const vacuum = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await vacuum.connect();
    try {
      await vacuum.query("BEGIN");
      await vacuum.query(`LOCK TABLE "${BOSS_SCHEMA}"."${table}" IN SHARE UPDATE EXCLUSIVE MODE`);
      const before = (await tableStats(table)).analyzedAt;
      await analyzeStaleJobTables({ minIntervalSeconds: 0 });
      expect((await tableStats(table)).analyzedAt).toEqual(before);
      await vacuum.query("ROLLBACK");
      expect(await analyzeStaleJobTables({ minIntervalSeconds: 0 })).toContain(table);
      expect((await tableStats(table)).analyzedAt!.getTime()).toBeGreaterThan(before?.getTime() ?? 0);
    } finally {
      await vacuum.end();
    }
  }, 20_000);
});
