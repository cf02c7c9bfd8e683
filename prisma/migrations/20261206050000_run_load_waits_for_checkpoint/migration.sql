-- The engine's run load (lib/runs/engine/load-run.ts), one round trip for one run or several.
--
-- It first takes FOR SHARE on the Run rows (by id, the order every checkpoint locks them in),
-- which waits for any transaction holding one of them for update, then reads with a fresh
-- snapshot (a VOLATILE function takes one per statement). Why: PostgreSQL runs a statement to
-- its end, commit included, after its client is gone. A worker killed with a checkpoint in flight
-- may already have locked the Run row and passed the fence while its lock connection was alive;
-- its lock is released when that connection closes, and the worker that takes the run over must
-- not read the run before that checkpoint commits, or it would call a completed step again. A
-- checkpoint that locks the row after the load finds the lock gone and writes nothing.
--
-- Bigints and timestamps travel as text (exact, and the driver does not guess a time zone).
CREATE FUNCTION run_load(p_ids text[]) RETURNS TABLE (
  id text, "workspaceId" text, "projectId" text, "workflowId" text, "versionId" text, graph jsonb, status text, input jsonb,
  budget text, "creditHold" text, spent text, "startedById" text, "startedAt" text, "cancelRequestedAt" text, steps jsonb
) LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
BEGIN
  PERFORM 1 FROM "Run" l WHERE l.id = ANY(p_ids) ORDER BY l.id FOR SHARE;
  RETURN QUERY
    SELECT r.id, r."workspaceId", r."projectId", r."workflowId", r."versionId", r.graph, r.status::text, r.input, r.budget::text,
           r."creditHold"::text, r.spent::text, r."startedById", to_jsonb(r."startedAt") #>> '{}',
           to_jsonb(r."cancelRequestedAt") #>> '{}',
           coalesce((SELECT jsonb_agg(to_jsonb(s) || jsonb_build_object('cost', s.cost::text) ORDER BY s.seq) FROM "RunStep" s WHERE s."runId" = r.id), '[]'::jsonb)
      FROM "Run" r WHERE r.id = ANY(p_ids);
END $$;
