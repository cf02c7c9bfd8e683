// bench:scale's look at the run stats rollups (lib/runs/stats-rollup.ts, migration run_stats_rollup):
//   - compaction of the seed's deltas (what the worker does every 5 s, here all at once);
//   - GET /v1/runs/stats's computation from the rollups against the raw computation it replaced
//     (getRunStatsRaw), in process, alternating, same data and `now`: p50/p95 and the ratio,
//     and whether the two answers are identical;
//   - what the triggers add to the writes they watch: the same single-row statements (a run's
//     status and spend changing, a finished step inserted) with the triggers on and off, in
//     rolled-back transactions, alternating; the ratio of the two.
import type pg from "pg";

type Scope = { workspace: { id: string }; project: { id: string } };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function compactSeed(sql: pg.Client): Promise<string> {
  const { compactRunStats } = await import("../lib/runs/stats-rollup");
  const t0 = performance.now();
  const moved = await compactRunStats();
  const took = (performance.now() - t0) / 1000;
  await sql.query(`VACUUM ANALYZE "RunStatsRollup", "RunLatencyRollup", "RunStatsDelta", "RunLatencyDelta"`);
  const { rows } = await sql.query<{ stats: number; latency: number }>(`SELECT (SELECT count(*) FROM "RunStatsRollup")::int AS stats, (SELECT count(*) FROM "RunLatencyRollup")::int AS latency`);
  return `compacted ${moved?.stats ?? 0} run and ${moved?.latency ?? 0} latency deltas into ${rows[0].stats} + ${rows[0].latency} rollup rows in ${took.toFixed(1)} s`;
}

/** Rollups vs raw, alternating calls; returns the table lines and the worst rollup p95. */
export async function compareWithRaw(scope: Scope, queries: [string, Record<string, string>][], iterations: number): Promise<string[]> {
  const { getRunStats, getRunStatsRaw } = await import("../lib/runs/stats");
  const now = new Date();
  const out = [`| stats computation (${iterations} calls each, alternating) | rollups p50 / p95 | raw rows p50 / p95 | p95 ratio | same answer |`, "|---|---|---|---|---|"];
  for (const [name, q] of queries) {
    const rolled: number[] = [];
    const raw: number[] = [];
    let same = true;
    for (let i = 0; i < iterations + 2; i++) {
      let t0 = performance.now();
      const a = await getRunStats(scope, q, now);
      const ta = performance.now() - t0;
      t0 = performance.now();
      const b = await getRunStatsRaw(scope, q, now);
      const tb = performance.now() - t0;
      if (i < 2) continue;
      rolled.push(ta);
      raw.push(tb);
      same &&= JSON.stringify(a) === JSON.stringify(b);
    }
    out.push(`| ${name} | ${ms(pct(rolled, 50))} / ${ms(pct(rolled, 95))} | ${ms(pct(raw, 50))} / ${ms(pct(raw, 95))} | ${(pct(rolled, 95) / pct(raw, 95)).toFixed(2)} | ${same ? "yes" : "NO"} |`);
  }
  return out;
}

/** The triggers' cost on the statements they fire for, as the engine issues them (one round trip each). */
export async function triggerOverhead(sql: pg.Client, projectId: string, statements = 600, rounds = 4): Promise<string> {
  const { rows } = await sql.query<{ id: string; workspaceId: string }>(`SELECT id, "workspaceId" FROM "Run" WHERE "projectId" = $1 ORDER BY id LIMIT $2`, [projectId, statements]);
  const once = async (triggers: boolean) => {
    await sql.query("BEGIN");
    try {
      if (!triggers) {
        for (const t of [`"Run"`, `"RunStep"`]) for (const op of ["insert", "update", "delete"]) await sql.query(`ALTER TABLE ${t} DISABLE TRIGGER run_stats_rollup_${op}`);
      }
      const t0 = performance.now();
      for (const [i, r] of rows.entries()) {
        await sql.query(`UPDATE "Run" SET status = $2, spent = spent + 1 WHERE id = $1`, [r.id, i % 2 ? "running" : "succeeded"]);
        await sql.query(
          `INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, "latencyMs") VALUES ($1, $2, $3, $4, 'bench', 'llm', 99, 'succeeded', $5)`,
          [`stp_bench${i}`, r.workspaceId, projectId, r.id, 100 + (i % 50)],
        );
      }
      return performance.now() - t0;
    } finally {
      await sql.query("ROLLBACK");
    }
  };
  const on: number[] = [];
  const off: number[] = [];
  await once(true);
  for (let i = 0; i < rounds; i++) {
    off.push(await once(false));
    on.push(await once(true));
  }
  const perOn = pct(on, 50) / (rows.length * 2);
  const perOff = pct(off, 50) / (rows.length * 2);
  return `triggers' write cost: ${rows.length} run updates (status + spend) and ${rows.length} finished-step inserts, median of ${rounds}: ${(perOn * 1000).toFixed(0)} µs per statement with the triggers, ${(perOff * 1000).toFixed(0)} µs without (ratio ${(perOn / perOff).toFixed(2)})`;
}

/** EXPLAIN (ANALYZE, BUFFERS) of the two statements GET /v1/runs/stats sends for `q`, as text. */
export async function explainStats(sql: pg.Client, scope: Scope, q: Record<string, string>, workflowId: string | null = null): Promise<string[]> {
  const { resolveWindow, runStatsQueries } = await import("../lib/runs/stats");
  const queries = runStatsQueries(scope, resolveWindow(q), workflowId);
  const out: string[] = [];
  for (const [name, query] of Object.entries(queries)) {
    const { rows } = await sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}`, query.values);
    out.push(`-- stats ${name} (rollups), ${JSON.stringify(q)}${workflowId ? `, workflow ${workflowId}` : ""}:`, ...rows.map((r) => `   ${r["QUERY PLAN"]}`));
  }
  return out;
}
