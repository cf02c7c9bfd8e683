// The data of `npm run bench:scale`, written set-wise (INSERT … SELECT generate_series: one
// statement per table, no row-by-row round trips): one project with SCALE_RUNS runs spread over
// the last 30 days across 10 workflows (one takes half), 3 steps and 10 events each, plus one
// running run with 200 steps (the /steps and SSE subject); another tenant's runs share the
// table. Ids are built like newId(): prefix, 10 base32 characters of the creation time in ms,
// 16 more (here an md5 of the project and row number), so they sort by creation time as real
// ones do.
import type pg from "pg";

export const SCALE_DAYS = 30;
export const STATUS_MIX = "85 % succeeded, 10 % failed, 3 % canceled, 1 % budget_exceeded, the rest running";

const B32 = `CREATE OR REPLACE FUNCTION pg_temp.b32(v bigint, len int) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE a text := '0123456789abcdefghjkmnpqrstvwxyz'; o text := '';
BEGIN FOR i IN 1..len LOOP o := substr(a, (v % 32)::int + 1, 1) || o; v := v / 32; END LOOP; RETURN o; END $$`;

// Row i is created at start + i·step; its workflow is 0 for half the rows, else i mod 10.
const RUNS_SQL = `WITH p AS (SELECT (extract(epoch FROM now()) * 1000)::bigint - ${SCALE_DAYS}::bigint * 86400000 AS start, (${SCALE_DAYS}::bigint * 86400000) / $5 AS step)
     INSERT INTO "Run" (id, "workspaceId", "projectId", kind, "workflowId", "versionId", "versionNumber", status, trigger, input, output,
       budget, spent, "lastEventSeq", "createdAt", "startedAt", "finishedAt", "updatedAt")
     SELECT 'run_' || pg_temp.b32(ms, 10) || substr(md5($2 || i), 1, 16), $1, $2, 'workflow', ($3::text[])[w + 1], ($4::text[])[w + 1], 1,
       (CASE WHEN i % 100 < 85 THEN 'succeeded' WHEN i % 100 < 95 THEN 'failed' WHEN i % 100 < 98 THEN 'canceled' WHEN i % 100 < 99 THEN 'budget_exceeded' ELSE 'running' END)::"RunStatus",
       CASE WHEN i % 7 = 0 THEN 'inbound' ELSE 'api' END, '{"name":"Ada"}', '{"greeting":"Hello, Ada"}',
       1000000, 300 + i % 50, 10, to_timestamp(ms / 1000.0), to_timestamp(ms / 1000.0), to_timestamp((ms + 40 + i % 200) / 1000.0), to_timestamp(ms / 1000.0)
     FROM p, generate_series(1, $5) AS i, LATERAL (SELECT p.start + i * p.step AS ms, CASE WHEN i % 2 = 0 THEN 0 ELSE i % array_length($3::text[], 1) END AS w) x`;

type Seeded = { workspaceId: string; projectId: string; workflowIds: string[]; versionIds: string[] };

/** 100,000 runs (by default), their steps and events; returns the seconds each table took. */
export async function seedRuns(c: pg.Client, s: Seeded, runs: number): Promise<Record<string, number>> {
  const took: Record<string, number> = {};
  const timed = async (name: string, sql: string, params: unknown[]) => {
    const t0 = performance.now();
    await c.query(sql, params);
    took[name] = (performance.now() - t0) / 1000;
  };
  await c.query("SET synchronous_commit = off");
  await c.query(B32);
  await timed("runs", RUNS_SQL, [s.workspaceId, s.projectId, s.workflowIds, s.versionIds, runs]);
  await timed(
    "steps",
    `INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog", input, output, cost, "latencyMs", "startedAt", "finishedAt")
     SELECT 'stp_' || substr(r.id, 5, 10) || pg_temp.b32(k, 2) || substr(r.id, 17, 14), r."workspaceId", r."projectId", r.id, n.node, n.node, k,
       (CASE WHEN k = 3 AND r.status = 'failed' THEN 'failed' ELSE 'succeeded' END)::"RunStepStatus", 1, '[]', '{}', '{}', 100,
       (abs(hashtext(r.id)) + k * 37) % 400 + 1, r."createdAt" + k * interval '5 ms', r."createdAt" + k * interval '10 ms'
     FROM "Run" r CROSS JOIN LATERAL (VALUES (1, 'trigger'), (2, 'transform'), (3, 'output')) AS n(k, node)
     WHERE r."projectId" = $1`,
    [s.projectId],
  );
  const types = ["run.queued", "run.started", "step.started", "step.succeeded", "step.started", "step.retrying", "step.succeeded", "step.started", "step.succeeded"];
  await timed(
    "events",
    `INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
     SELECT r.id, e.seq, r."workspaceId", r."projectId", CASE WHEN e.seq = 10 AND r.status <> 'running' THEN 'run.' || r.status WHEN e.seq = 10 THEN 'step.started' ELSE ($2::text[])[e.seq] END,
       CASE WHEN e.seq BETWEEN 3 AND 4 THEN 'trigger' WHEN e.seq BETWEEN 5 AND 7 THEN 'transform' WHEN e.seq BETWEEN 8 AND 9 THEN 'output' END,
       '{}', r."createdAt" + e.seq * interval '3 ms'
     FROM "Run" r CROSS JOIN generate_series(1, 10) AS e(seq)
     WHERE r."projectId" = $1`,
    [s.projectId, types],
  );
  const t0 = performance.now();
  await c.query(`VACUUM ANALYZE "Run", "RunStep", "RunEvent"`);
  took.vacuum = (performance.now() - t0) / 1000;
  return took;
}

/** Another tenant's runs over the same 30 days (no steps or events): the project measured is one among several. */
export async function seedOtherTenantRuns(c: pg.Client, s: Seeded, runs: number): Promise<void> {
  await c.query(B32);
  await c.query(RUNS_SQL, [s.workspaceId, s.projectId, s.workflowIds, s.versionIds, runs]);
}

/** The running run with 200 finished steps (each with input, output and an attempt log) and 401 events. */
export async function seedBigRun(c: pg.Client, s: Seeded, runId: string): Promise<void> {
  const STEPS = 200;
  const nodes = Array.from({ length: STEPS }, (_, i) => ({ id: `n${i + 1}`, type: "transform", name: `Step ${i + 1}`, config: { expression: "$" } }));
  await c.query(
    `INSERT INTO "Run" (id, "workspaceId", "projectId", kind, "workflowId", "versionId", "versionNumber", graph, status, trigger, input, budget, spent, "lastEventSeq", "createdAt", "startedAt", "updatedAt")
     VALUES ($1, $2, $3, 'workflow', $4, $5, 1, $6, 'running', 'api', '{"name":"Ada"}', 100000000, $7, $8, now(), now(), now())`,
    [runId, s.workspaceId, s.projectId, s.workflowIds[0], s.versionIds[0], JSON.stringify({ nodes, edges: [] }), STEPS * 100, 1 + STEPS * 2],
  );
  await c.query(
    `INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog", input, output, cost, "latencyMs", "startedAt", "finishedAt")
     SELECT 'stp_' || pg_temp.b32((extract(epoch FROM now()) * 1000)::bigint, 10) || pg_temp.b32(k, 16), $2, $3, $1, 'n' || k, 'transform', k, 'succeeded', 1,
       jsonb_build_array(jsonb_build_object('attempt', 1, 'startedAt', now(), 'finishedAt', now(), 'latencyMs', k % 50)),
       jsonb_build_object('text', repeat('in ', 60), 'k', k), jsonb_build_object('text', repeat('out ', 60), 'k', k), 100, k % 50,
       now() + k * interval '1 ms', now() + k * interval '2 ms'
     FROM generate_series(1, ${STEPS}) AS k`,
    [runId, s.workspaceId, s.projectId],
  );
  await c.query(
    `INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data)
     SELECT $1, e, $2, $3, CASE WHEN e = 1 THEN 'run.started' WHEN e % 2 = 0 THEN 'step.started' ELSE 'step.succeeded' END,
       CASE WHEN e = 1 THEN NULL ELSE 'n' || (e / 2) END, '{}'
     FROM generate_series(1, ${1 + STEPS * 2}) AS e`,
    [runId, s.workspaceId, s.projectId],
  );
}
