-- CreateTable
CREATE TABLE "RunStatsDelta" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "workflowId" TEXT,
    "hour" TIMESTAMP(3) NOT NULL,
    "status" "RunStatus" NOT NULL,
    "runs" INTEGER NOT NULL,
    "cost" BIGINT NOT NULL,

    CONSTRAINT "RunStatsDelta_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunLatencyDelta" (
    "id" BIGSERIAL NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "workflowId" TEXT,
    "hour" TIMESTAMP(3) NOT NULL,
    "nodeType" TEXT NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "RunLatencyDelta_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunStatsRollup" (
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "status" "RunStatus" NOT NULL,
    "runs" INTEGER NOT NULL,
    "cost" BIGINT NOT NULL,

    CONSTRAINT "RunStatsRollup_pkey" PRIMARY KEY ("workspaceId","projectId","scope","grain","start","status")
);

-- CreateTable
CREATE TABLE "RunLatencyRollup" (
    "workspaceId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "grain" TEXT NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "nodeType" TEXT NOT NULL,
    "histogram" JSONB NOT NULL,

    CONSTRAINT "RunLatencyRollup_pkey" PRIMARY KEY ("workspaceId","projectId","scope","grain","start","nodeType")
);

-- CreateIndex
CREATE INDEX "RunStatsDelta_workspaceId_projectId_hour_idx" ON "RunStatsDelta"("workspaceId", "projectId", "hour");

-- CreateIndex
CREATE INDEX "RunLatencyDelta_workspaceId_projectId_hour_idx" ON "RunLatencyDelta"("workspaceId", "projectId", "hour");


-- Run stats rollups (lib/runs/stats-rollup.ts). Prisma applies this file as one transaction:
-- CREATE TRIGGER waits for writers already in flight and holds its lock to the end, so the
-- backfill below sees every committed run and every later write goes through the triggers —
-- nothing is missed or counted twice.

-- A step latency as the rollups keep it: exact below 1 s, else to 3 significant digits (the
-- midpoint of the range, so within 0.5 % of the true value: 1234 → 1235, 98765 → 98750).
CREATE FUNCTION run_stats_latency_bucket(v integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN v < 1000 THEN v ELSE (v / w) * w + w / 2 END
  FROM (SELECT CASE WHEN v < 1000 THEN 1 ELSE (10 ^ (length(v::text) - 3))::integer END AS w) x
$$;

-- The sum of two latency histograms ({ "<latencyMs>": count }), values whose count is 0 dropped.
CREATE FUNCTION run_stats_histogram_merge(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
  FROM (SELECT k, sum(v::integer) AS n FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS x(k, v) GROUP BY k) AS y
  WHERE n <> 0
$$;

-- A run is counted in the hour of its creation (as GET /v1/runs/stats places it) under its
-- current status with its current spend: an insert adds it, a change of status or spend (a run
-- finishing hours later, a late charge) moves it, a delete removes it — each a signed row in
-- RunStatsDelta, written in the writer's transaction. Its steps' latencies follow it if it moves.
CREATE FUNCTION run_stats_rollup_run() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  moved boolean;
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "RunStatsDelta" ("workspaceId", "projectId", "workflowId", hour, status, runs, cost)
    VALUES (NEW."workspaceId", NEW."projectId", NEW."workflowId", date_trunc('hour', NEW."createdAt"), NEW.status, 1, NEW.spent);
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    -- The purge of a deleted workspace (lib/lifecycle) empties its rollups after its runs.
    IF current_setting('agentruntime.purge_workspace', true) = OLD."workspaceId" THEN
      RETURN OLD;
    END IF;
    -- A BEFORE trigger: the run's steps are still there (a cascade deletes them after; their
    -- own trigger then finds no run and leaves the rollups alone).
    INSERT INTO "RunStatsDelta" ("workspaceId", "projectId", "workflowId", hour, status, runs, cost)
    VALUES (OLD."workspaceId", OLD."projectId", OLD."workflowId", date_trunc('hour', OLD."createdAt"), OLD.status, -1, -OLD.spent);
    INSERT INTO "RunLatencyDelta" ("workspaceId", "projectId", "workflowId", hour, "nodeType", "latencyMs", count)
    SELECT OLD."workspaceId", OLD."projectId", OLD."workflowId", date_trunc('hour', OLD."createdAt"), s."nodeType", run_stats_latency_bucket(s."latencyMs"), -count(*)::int
    FROM "RunStep" s
    WHERE s."runId" = OLD.id AND s."workspaceId" = OLD."workspaceId" AND s."projectId" = OLD."projectId"
      AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
    GROUP BY 5, 6;
    RETURN OLD;
  END IF;
  moved := OLD."workspaceId" <> NEW."workspaceId" OR OLD."projectId" <> NEW."projectId"
    OR OLD."workflowId" IS DISTINCT FROM NEW."workflowId" OR date_trunc('hour', OLD."createdAt") <> date_trunc('hour', NEW."createdAt");
  IF moved OR OLD.status <> NEW.status THEN
    INSERT INTO "RunStatsDelta" ("workspaceId", "projectId", "workflowId", hour, status, runs, cost)
    VALUES (OLD."workspaceId", OLD."projectId", OLD."workflowId", date_trunc('hour', OLD."createdAt"), OLD.status, -1, -OLD.spent),
           (NEW."workspaceId", NEW."projectId", NEW."workflowId", date_trunc('hour', NEW."createdAt"), NEW.status, 1, NEW.spent);
  ELSIF OLD.spent <> NEW.spent THEN
    INSERT INTO "RunStatsDelta" ("workspaceId", "projectId", "workflowId", hour, status, runs, cost)
    VALUES (NEW."workspaceId", NEW."projectId", NEW."workflowId", date_trunc('hour', NEW."createdAt"), NEW.status, 0, NEW.spent - OLD.spent);
  END IF;
  IF moved THEN
    INSERT INTO "RunLatencyDelta" ("workspaceId", "projectId", "workflowId", hour, "nodeType", "latencyMs", count)
    SELECT k.ws, k.proj, k.wf, k.hour, s."nodeType", run_stats_latency_bucket(s."latencyMs"), k.sign * count(*)::int
    FROM (VALUES (OLD."workspaceId", OLD."projectId", OLD."workflowId", date_trunc('hour', OLD."createdAt"), -1),
                 (NEW."workspaceId", NEW."projectId", NEW."workflowId", date_trunc('hour', NEW."createdAt"), 1)) AS k(ws, proj, wf, hour, sign)
    JOIN "RunStep" s ON s."runId" = NEW.id AND s."workspaceId" = k.ws AND s."projectId" = k.proj
    WHERE s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
    GROUP BY k.ws, k.proj, k.wf, k.hour, k.sign, 5, 6;
  END IF;
  RETURN NULL;
END $$;

-- A finished step (succeeded or failed, with a latency) counts once, in its run's hour, as the
-- stats query counts it (a step whose workspace or project differs from its run's never did).
CREATE FUNCTION run_stats_rollup_step() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('agentruntime.purge_workspace', true) = OLD."workspaceId" THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."latencyMs" IS NOT NULL AND OLD.status IN ('succeeded', 'failed') THEN
    SELECT "workflowId", date_trunc('hour', "createdAt") AS hour INTO r
    FROM "Run" WHERE id = OLD."runId" AND "workspaceId" = OLD."workspaceId" AND "projectId" = OLD."projectId";
    IF FOUND THEN
      INSERT INTO "RunLatencyDelta" ("workspaceId", "projectId", "workflowId", hour, "nodeType", "latencyMs", count)
      VALUES (OLD."workspaceId", OLD."projectId", r."workflowId", r.hour, OLD."nodeType", run_stats_latency_bucket(OLD."latencyMs"), -1);
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."latencyMs" IS NOT NULL AND NEW.status IN ('succeeded', 'failed') THEN
    SELECT "workflowId", date_trunc('hour', "createdAt") AS hour INTO r
    FROM "Run" WHERE id = NEW."runId" AND "workspaceId" = NEW."workspaceId" AND "projectId" = NEW."projectId";
    IF FOUND THEN
      INSERT INTO "RunLatencyDelta" ("workspaceId", "projectId", "workflowId", hour, "nodeType", "latencyMs", count)
      VALUES (NEW."workspaceId", NEW."projectId", r."workflowId", r.hour, NEW."nodeType", run_stats_latency_bucket(NEW."latencyMs"), 1);
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER run_stats_rollup_insert AFTER INSERT ON "Run" FOR EACH ROW EXECUTE FUNCTION run_stats_rollup_run();
CREATE TRIGGER run_stats_rollup_update AFTER UPDATE ON "Run" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.spent IS DISTINCT FROM NEW.spent OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt"
    OR OLD."workflowId" IS DISTINCT FROM NEW."workflowId" OR OLD."projectId" IS DISTINCT FROM NEW."projectId" OR OLD."workspaceId" IS DISTINCT FROM NEW."workspaceId")
  EXECUTE FUNCTION run_stats_rollup_run();
CREATE TRIGGER run_stats_rollup_delete BEFORE DELETE ON "Run" FOR EACH ROW EXECUTE FUNCTION run_stats_rollup_run();

CREATE TRIGGER run_stats_rollup_insert AFTER INSERT ON "RunStep" FOR EACH ROW
  WHEN (NEW."latencyMs" IS NOT NULL AND NEW.status IN ('succeeded', 'failed'))
  EXECUTE FUNCTION run_stats_rollup_step();
CREATE TRIGGER run_stats_rollup_update AFTER UPDATE ON "RunStep" FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD."latencyMs" IS DISTINCT FROM NEW."latencyMs" OR OLD."nodeType" IS DISTINCT FROM NEW."nodeType"
    OR OLD."runId" IS DISTINCT FROM NEW."runId" OR OLD."projectId" IS DISTINCT FROM NEW."projectId" OR OLD."workspaceId" IS DISTINCT FROM NEW."workspaceId")
  EXECUTE FUNCTION run_stats_rollup_step();
CREATE TRIGGER run_stats_rollup_delete AFTER DELETE ON "RunStep" FOR EACH ROW
  WHEN (OLD."latencyMs" IS NOT NULL AND OLD.status IN ('succeeded', 'failed'))
  EXECUTE FUNCTION run_stats_rollup_step();

-- Backfill: the rollups of every run and step already there, at both grains, for the whole
-- project ("*") and per workflow.
INSERT INTO "RunStatsRollup" ("workspaceId", "projectId", scope, grain, start, status, runs, cost)
SELECT r."workspaceId", r."projectId", sc.scope, g.grain, date_trunc(g.grain, r."createdAt"), r.status, count(*)::int, sum(r.spent)::bigint
FROM "Run" r
CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
CROSS JOIN LATERAL (VALUES ('*'), (r."workflowId")) AS sc(scope)
WHERE sc.scope IS NOT NULL
GROUP BY 1, 2, 3, 4, 5, 6;

INSERT INTO "RunLatencyRollup" ("workspaceId", "projectId", scope, grain, start, "nodeType", histogram)
SELECT ws, proj, scope, grain, start, "nodeType", jsonb_object_agg(v::text, n)
FROM (
  SELECT r."workspaceId" AS ws, r."projectId" AS proj, sc.scope, g.grain, date_trunc(g.grain, r."createdAt") AS start, s."nodeType",
    run_stats_latency_bucket(s."latencyMs") AS v, count(*)::int AS n
  FROM "RunStep" s
  JOIN "Run" r ON r.id = s."runId" AND r."workspaceId" = s."workspaceId" AND r."projectId" = s."projectId"
  CROSS JOIN (VALUES ('hour'), ('day')) AS g(grain)
  CROSS JOIN LATERAL (VALUES ('*'), (r."workflowId")) AS sc(scope)
  WHERE sc.scope IS NOT NULL AND s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) AS x
GROUP BY 1, 2, 3, 4, 5, 6;
