-- One charging rule for every writer of usage (issue 18 §2): the gateway's usage batch
-- (agent_calls_commit, lib/agents/agent-usage.ts) had its own copy of it, and took the balance rows
-- before the Run rows. It now charges through usage_charge, which is composed of the same two steps
-- as the engine's checkpoint and usage_record_charge (usage_record_write, usage_debit).
-- Lock order, as everywhere: the Run rows (in id order), then the balance rows (by workspace).

-- Writes usage records and debits the new ones, for any number of runs and workspaces at once,
-- composed of the same two steps as every charge (usage_record_write, usage_debit: migration
-- checkpoint_contention): each run's records written and its spend raised (runs in id order), then
-- each debit (by workspace, then run). p_items: as usage_record_write takes them, plus runId?,
-- workspaceId?, projectId?, workflowId? (default p_run, p_ws, p_proj, p_wf). Returns what was charged
-- now, and the ids of the records written now (NULL: none).
CREATE FUNCTION usage_charge(p_items jsonb, p_run text, p_ws text, p_proj text, p_wf text, OUT charged bigint, OUT fresh text[]) LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v jsonb;
  v_debits jsonb := '[]'::jsonb;
BEGIN
  charged := 0;
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN; END IF;
  FOR r IN
    SELECT coalesce(x->>'runId', p_run) AS run, coalesce(x->>'workspaceId', p_ws) AS ws, coalesce(x->>'projectId', p_proj) AS proj,
           coalesce(x->>'workflowId', p_wf) AS wf, jsonb_agg(x ORDER BY (x->>'ord')::int) AS items
      FROM jsonb_array_elements(p_items) x GROUP BY 1, 2, 3, 4 ORDER BY 1
  LOOP
    v := usage_record_write(r.run, r.ws, r.proj, r.wf, r.items);
    CONTINUE WHEN v IS NULL;
    fresh := coalesce(fresh, '{}') || ARRAY(SELECT jsonb_array_elements_text(v->'fresh'));
    v_debits := v_debits || jsonb_build_array(jsonb_build_object('run', r.run, 'ws', r.ws, 'proj', r.proj, 'wf', r.wf, 'debit', v));
  END LOOP;
  FOR v IN SELECT d FROM jsonb_array_elements(v_debits) d ORDER BY d->>'ws', d->>'run' LOOP
    PERFORM usage_debit(v->>'run', v->>'ws', v->>'proj', v->>'wf', v->'debit');
    charged := charged + (v->'debit'->>'total')::bigint;
  END LOOP;
END $$;

-- The gateway's usage batch (lib/agents/agent-usage.ts): finished agent calls, of any runs, in one
-- call. The Run rows are locked first, in id order; then usage_charge charges the calls' usage
-- records; then each call new in it (a replayed one writes nothing) becomes a step and a
-- step.<status> event of its run, and gives back what it had reserved on the run (Run.reserved,
-- taken by reserveOnRun before the call). Each step's receipt link is chained here in seq order
-- from the run's last step, or from the run's genesis hash (passed in: lib/runs/receipts): hash =
-- sha256(prevHash || canonPre || seq || canonPost), the canonical text made in TypeScript around
-- the seq, which is only known here. Returns the events, NOTIFYing each on run_events unless
-- p_notify is false (the caller publishes them through Redis after its commit).
-- p_calls: each call's usage record as usage_charge takes it ({ord, id, ledgerId, key, runId, ...,
-- estimated, at}) and its step: {usageId (= id), stepId, nodeType, status, reserved, startedAt,
-- finishedAt, stepInput, stepOutput, stepError, attemptLog, latencyMs, canonPre, canonPost, genesis}.
CREATE FUNCTION agent_calls_commit(p_calls jsonb, p_notify boolean) RETURNS TABLE ("runId" text, "workspaceId" text, "projectId" text, seq int, type text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_fresh text[];
  v_events jsonb;
BEGIN
  PERFORM 1 FROM "Run" WHERE id IN (SELECT DISTINCT c->>'runId' FROM jsonb_array_elements(p_calls) c) ORDER BY id FOR UPDATE;
  SELECT c.fresh INTO v_fresh FROM usage_charge(p_calls, NULL, NULL, NULL, NULL) c;
  IF v_fresh IS NULL THEN RETURN; END IF;
  -- A new statement: its snapshot, taken under the Run locks, holds every step committed before.
  WITH RECURSIVE fresh AS (
    SELECT * FROM jsonb_to_recordset(p_calls) AS x(
      ord int, "usageId" text, "stepId" text, "runId" text, "workspaceId" text, "projectId" text, "nodeId" text, "nodeType" text, status text, model text,
      "tokensIn" int, "tokensOut" int, cost bigint, charge bigint, reserved bigint, estimated boolean, "startedAt" timestamp, "finishedAt" timestamp,
      "stepInput" jsonb, "stepOutput" jsonb, "stepError" jsonb, "attemptLog" jsonb, "latencyMs" int, "canonPre" text, "canonPost" text, genesis text)
     WHERE x."usageId" = ANY(v_fresh)
  ),
  per_run AS (SELECT "runId", count(*)::int AS n, sum(reserved)::bigint AS res, min(genesis) AS genesis FROM fresh GROUP BY "runId"),
  runs AS (
    UPDATE "Run" r
       SET "lastStepSeq" = r."lastStepSeq" + p.n, "lastEventSeq" = r."lastEventSeq" + p.n, reserved = GREATEST(r.reserved - p.res, 0), "updatedAt" = clock_timestamp()
      FROM per_run p
     WHERE r.id = p."runId"
    RETURNING r.id, r."lastStepSeq" - p.n AS seq0, r."lastEventSeq" - p.n AS ev0, p.genesis
  ),
  numbered AS (
    SELECT f.*, r.seq0 + row_number() OVER w AS seq, r.ev0 + row_number() OVER w AS evseq
      FROM fresh f JOIN runs r ON r.id = f."runId"
    WINDOW w AS (PARTITION BY f."runId" ORDER BY f.ord)
  ),
  heads AS (
    SELECT r.id AS "runId", r.seq0,
           coalesce((SELECT s.hash FROM "RunStep" s WHERE s."runId" = r.id AND s.seq <= r.seq0 ORDER BY s.seq DESC LIMIT 1), r.genesis) AS head
      FROM runs r
  ),
  chain AS (
    SELECT n."stepId", n.seq, n."runId", h.head AS "prevHash",
           encode(sha256(convert_to(h.head || n."canonPre" || n.seq || n."canonPost", 'UTF8')), 'hex') AS hash
      FROM numbered n JOIN heads h ON h."runId" = n."runId" AND n.seq = h.seq0 + 1
    UNION ALL
    SELECT n."stepId", n.seq, n."runId", c.hash,
           encode(sha256(convert_to(c.hash || n."canonPre" || n.seq || n."canonPost", 'UTF8')), 'hex')
      FROM chain c JOIN numbered n ON n."runId" = c."runId" AND n.seq = c.seq + 1
  ),
  steps AS (
    INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog",
                           input, output, error, "tokensIn", "tokensOut", cost, "latencyMs", "startedAt", "finishedAt", "prevHash", hash)
    SELECT n."stepId", n."workspaceId", n."projectId", n."runId", n."nodeId", n."nodeType", n.seq, n.status::"RunStepStatus", 1, n."attemptLog",
           n."stepInput", n."stepOutput", n."stepError", n."tokensIn", n."tokensOut", n.cost, n."latencyMs", n."startedAt", n."finishedAt", c."prevHash", c.hash
      FROM numbered n JOIN chain c ON c."stepId" = n."stepId"
  ),
  events AS (
    INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
    SELECT "runId", evseq, "workspaceId", "projectId", CASE WHEN status = 'succeeded' THEN 'step.succeeded' ELSE 'step.failed' END, "nodeId",
           jsonb_build_object('nodeType', "nodeType", 'model', model, 'tokensIn', "tokensIn", 'tokensOut', "tokensOut",
                              'cost', cost, 'charge', charge, 'estimated', estimated, 'error', "stepError"),
           "finishedAt"
      FROM numbered
    RETURNING "runId", seq, "workspaceId", "projectId", type
  )
  SELECT jsonb_agg(jsonb_build_object('runId', e."runId", 'workspaceId', e."workspaceId", 'projectId', e."projectId", 'seq', e.seq, 'type', e.type) ORDER BY e."runId", e.seq)
    INTO v_events FROM events e;
  IF p_notify THEN
    PERFORM pg_notify('run_events', x::text) FROM jsonb_array_elements(v_events) WITH ORDINALITY AS a(x, i) ORDER BY i;
  END IF;
  RETURN QUERY SELECT x->>'runId', x->>'workspaceId', x->>'projectId', (x->>'seq')::int, x->>'type' FROM jsonb_array_elements(v_events) WITH ORDINALITY AS a(x, i) ORDER BY i;
END $$;
