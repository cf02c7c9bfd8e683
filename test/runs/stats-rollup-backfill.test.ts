import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { MOVE_LATENCY, MOVE_STATS } from "@/lib/runs/stats-rollup";
import { assertLocalDatabase, databaseUrl, TEMPLATE_DB, withClient } from "@/test/global-setup";

// The migration's backfill (rollups computed from the runs and steps already there when
// run_stats_rollup is applied) must give exactly the rollups the triggers and compaction give
// for the same rows. Both are computed in a database of its own, cloned from the migrated
// template: rows written through the triggers (inserts, a late finish, deletes), compacted;
// then the rollups emptied and rebuilt by the migration's backfill statements; compared.

const admin = inject("adminDatabaseUrl");
const name = `rollup_backfill_${(process.env.VITEST_POOL_ID ?? "1").replace(/\W/g, "_")}`;

function backfillSql(): string {
  const dir = readdirSync("prisma/migrations").find((d) => d.endsWith("_run_stats_rollup"));
  const sql = readFileSync(path.join("prisma/migrations", dir!, "migration.sql"), "utf8");
  return sql.slice(sql.indexOf("-- Backfill"));
}

const SEED = `
  INSERT INTO "Workspace" (id, slug, name, "updatedAt") VALUES ('ws_x', 'x', 'x', now()), ('ws_y', 'y', 'y', now());
  INSERT INTO "Project" (id, "workspaceId", slug, name, "updatedAt") VALUES ('prj_x', 'ws_x', 'x', 'x', now()), ('prj_y', 'ws_y', 'y', 'y', now());
  INSERT INTO "Workflow" (id, "workspaceId", "projectId", slug, name, draft, "updatedAt")
  VALUES ('wf_a', 'ws_x', 'prj_x', 'a', 'a', '{}', now()), ('wf_b', 'ws_x', 'prj_x', 'b', 'b', '{}', now()), ('wf_c', 'ws_y', 'prj_y', 'c', 'c', '{}', now());
  INSERT INTO "Run" (id, "workspaceId", "projectId", "workflowId", status, trigger, input, budget, spent, "createdAt", "updatedAt")
  SELECT 'run_' || i, CASE WHEN i % 5 = 0 THEN 'ws_y' ELSE 'ws_x' END, CASE WHEN i % 5 = 0 THEN 'prj_y' ELSE 'prj_x' END,
    CASE WHEN i % 5 = 0 THEN 'wf_c' WHEN i % 7 = 0 THEN NULL WHEN i % 2 = 0 THEN 'wf_a' ELSE 'wf_b' END,
    (ARRAY['queued','running','succeeded','failed','canceled','budget_exceeded','waiting_approval'])[1 + i % 7]::"RunStatus", 'api', '{}', 1000000, (i * 37) % 5000,
    timestamp '2025-06-01' + (i * 997) * interval '1 second', now()
  FROM generate_series(1, 3000) i;
  INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, "latencyMs")
  SELECT 'stp_' || r.id || '_' || k, r."workspaceId", r."projectId", r.id, 'n' || k, (ARRAY['llm','http','transform'])[1 + k % 3], k,
    (ARRAY['succeeded','failed','running','skipped'])[1 + (k + length(r.id)) % 4]::"RunStepStatus", CASE WHEN k = 3 THEN NULL ELSE (hashtext(r.id || k) & 65535) END
  FROM "Run" r CROSS JOIN generate_series(1, 4) k;
  UPDATE "Run" SET status = 'succeeded', spent = spent + 11 WHERE id LIKE 'run_1%';
  DELETE FROM "Run" WHERE id LIKE 'run_2_%';`;

afterAll(async () => {
  await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("run_stats_rollup backfill", () => {
  it("builds the same rollups as the triggers and compaction do for the same rows", async () => {
    assertLocalDatabase(admin);
    await withClient(admin, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
    });
    await withClient(databaseUrl(admin, name), async (c) => {
      await c.query(SEED);
      await c.query(MOVE_STATS, [1_000_000]);
      await c.query(MOVE_LATENCY, [1_000_000]);
      const left = await c.query<{ n: number }>(`SELECT ((SELECT count(*) FROM "RunStatsDelta") + (SELECT count(*) FROM "RunLatencyDelta"))::int AS n`);
      expect(left.rows[0].n).toBe(0);
      await c.query(`CREATE TABLE a_stats AS SELECT * FROM "RunStatsRollup" WHERE runs <> 0 OR cost <> 0`);
      await c.query(`CREATE TABLE a_lat AS SELECT * FROM "RunLatencyRollup" WHERE histogram <> '{}'`);
      await c.query(`TRUNCATE "RunStatsRollup", "RunLatencyRollup"`);
      await c.query(backfillSql());
      const { rows } = await c.query<Record<string, number>>(`SELECT
        (SELECT count(*) FROM a_stats)::int AS stats,
        (SELECT count(*) FROM (SELECT * FROM a_stats EXCEPT SELECT * FROM "RunStatsRollup") d)::int AS "statsOnlyCompacted",
        (SELECT count(*) FROM (SELECT * FROM "RunStatsRollup" EXCEPT SELECT * FROM a_stats) d)::int AS "statsOnlyBackfilled",
        (SELECT count(*) FROM a_lat)::int AS latency,
        (SELECT count(*) FROM (SELECT * FROM a_lat EXCEPT SELECT * FROM "RunLatencyRollup") d)::int AS "latencyOnlyCompacted",
        (SELECT count(*) FROM (SELECT * FROM "RunLatencyRollup" EXCEPT SELECT * FROM a_lat) d)::int AS "latencyOnlyBackfilled"`);
      expect(rows[0]).toMatchObject({ statsOnlyCompacted: 0, statsOnlyBackfilled: 0, latencyOnlyCompacted: 0, latencyOnlyBackfilled: 0 });
      // Both grains, both scopes, every project: thousands of rows, not an empty comparison.
      expect(rows[0].stats).toBeGreaterThan(1000);
      expect(rows[0].latency).toBeGreaterThan(1000);
    });
  }, 120_000);
});
