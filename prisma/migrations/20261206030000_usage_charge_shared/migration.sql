-- One charging rule for every writer of usage (issue 18 §2): usage_charge writes usage records and
-- debits the new ones, for any number of runs and workspaces at once. usage_record_charge (the
-- engine's checkpoint, recordUsage) and agent_calls_commit (the gateway's usage batch,
-- lib/agents/agent-usage.ts) both call it; before, the gateway had its own copy of the rule, and
-- took the balance rows before the Run rows.
-- Lock order, as everywhere: the Run rows (in id order), then the balance rows (in workspace id
-- order). A caller that holds its Run rows already (the checkpoint's fence) takes them again for
-- free.

-- Writes usage records (idempotent by their key: a record that exists was charged when it was
-- written) and debits the new ones: each workspace's balance locked once, one ledger entry per
-- record with its running balance (entries inserted in the order they apply, so the ledger's seq
-- follows balanceAfter), the balance moved, the same amount given back from each run's hold (at
-- most what is left of it), and each run's spend raised. p_items: [{ord, id, ledgerId, key, runId,
-- workspaceId, projectId, workflowId, nodeId, attempt, kind, provider, model, keySource, tokensIn,
-- tokensOut, cost, charge, estimated?, at?}] (at: when the usage happened, UTC; default now).
-- Returns the records written now and their charges.
CREATE FUNCTION usage_charge(p_items jsonb) RETURNS TABLE ("usageId" text, charged bigint) LANGUAGE plpgsql AS $$
DECLARE
  v_new jsonb;
  v_runs text[];
  v_found int;
  v_ws text;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN; END IF;
  WITH t AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS x(ord int, id text, "ledgerId" text, key text, "runId" text, "workspaceId" text, "projectId" text, "workflowId" text,
                                                   "nodeId" text, attempt int, kind text, provider text, model text, "keySource" text, "tokensIn" int, "tokensOut" int,
                                                   cost bigint, charge bigint, estimated boolean, at timestamp)
  ), ins AS (
    INSERT INTO "UsageRecord" (id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource", "tokensIn", "tokensOut",
                               cost, charge, estimated, "idempotencyKey", "createdAt")
    SELECT id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource", coalesce("tokensIn", 0), coalesce("tokensOut", 0),
           coalesce(cost, 0), charge, coalesce(estimated, false), key, coalesce(at, now()) FROM t
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT jsonb_agg(to_jsonb(t) ORDER BY t."workspaceId", t.ord), array_agg(DISTINCT t."runId") FILTER (WHERE t.charge > 0)
    INTO v_new, v_runs FROM t JOIN ins USING (id);
  IF v_new IS NULL THEN RETURN; END IF;

  IF v_runs IS NOT NULL THEN
    SELECT count(*) INTO v_found FROM (SELECT 1 FROM "Run" WHERE id = ANY(v_runs) ORDER BY id FOR UPDATE) r;
    IF v_found < cardinality(v_runs) THEN
      RAISE EXCEPTION 'charging run %: the run does not exist', (SELECT min(x) FROM unnest(v_runs) x WHERE NOT EXISTS (SELECT 1 FROM "Run" WHERE id = x));
    END IF;
    FOR v_ws IN SELECT DISTINCT u."workspaceId" FROM jsonb_to_recordset(v_new) AS u("workspaceId" text, charge bigint) WHERE u.charge > 0 ORDER BY 1 LOOP
      PERFORM balance_lock(v_ws);
    END LOOP;
    -- One snapshot, taken under the locks above: the ledger reads each balance as it was before
    -- this statement moves it.
    WITH u AS (
      SELECT * FROM jsonb_to_recordset(v_new) AS x(ord int, id text, "ledgerId" text, "runId" text, "workspaceId" text, "projectId" text, "workflowId" text,
                                                   kind text, model text, charge bigint, at timestamp)
       WHERE x.charge > 0
    ), per_run AS (
      SELECT "runId", "workspaceId", sum(charge)::bigint AS chg FROM u GROUP BY "runId", "workspaceId"
    ), runs AS (
      UPDATE "Run" r SET spent = r.spent + p.chg, "updatedAt" = clock_timestamp() FROM per_run p WHERE r.id = p."runId"
      RETURNING p."workspaceId", p.chg, LEAST(p.chg, GREATEST(r."creditHold" - (r.spent - p.chg), 0)) AS rel
    ), per_ws AS (
      SELECT "workspaceId", sum(chg)::bigint AS chg, sum(rel)::bigint AS rel FROM runs GROUP BY "workspaceId"
    ), bal AS (
      UPDATE "WorkspaceBalance" w SET balance = w.balance - p.chg, held = GREATEST(w.held - p.rel, 0), "updatedAt" = clock_timestamp()
        FROM per_ws p WHERE w."workspaceId" = p."workspaceId"
      RETURNING w."workspaceId", w.balance + p.chg AS before
    )
    INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description, "createdAt")
    SELECT u."ledgerId", u."workspaceId", 'usage', -u.charge,
           b.before - sum(u.charge) OVER (PARTITION BY u."workspaceId" ORDER BY u.ord, u.id ROWS UNBOUNDED PRECEDING),
           'usage_record', u.id, u."projectId", u."workflowId", u."runId", u.model, u.kind || ' usage', coalesce(u.at, now())
      FROM u JOIN bal b ON b."workspaceId" = u."workspaceId"
     ORDER BY u."workspaceId", u.ord, u.id;
  END IF;
  RETURN QUERY SELECT u.id, u.charge FROM jsonb_to_recordset(v_new) AS u(id text, charge bigint);
END $$;

-- The checkpoint's form of it: one run's records (same items, without the run's ids). Returns
-- what was charged now.
CREATE OR REPLACE FUNCTION usage_record_charge(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN 0; END IF;
  RETURN (
    SELECT coalesce(sum(c.charged) FILTER (WHERE c.charged > 0), 0)::bigint
      FROM usage_charge((SELECT jsonb_agg(x || jsonb_build_object('runId', p_run, 'workspaceId', p_ws, 'projectId', p_proj, 'workflowId', p_wf))
                           FROM jsonb_array_elements(p_items) x)) c
  );
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
-- p_calls: [{ord, usageId, ledgerId, stepId, runId, workspaceId, projectId, nodeId, nodeType, status,
-- provider, model, keySource, tokensIn, tokensOut, cost, charge, reserved, estimated, startedAt,
-- finishedAt, stepInput, stepOutput, stepError, attemptLog, latencyMs, canonPre, canonPost, genesis}].
CREATE FUNCTION agent_calls_commit(p_calls jsonb, p_notify boolean) RETURNS TABLE ("runId" text, "workspaceId" text, "projectId" text, seq int, type text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  v_fresh text[];
  v_events jsonb;
BEGIN
  PERFORM 1 FROM "Run" WHERE id IN (SELECT DISTINCT c->>'runId' FROM jsonb_array_elements(p_calls) c) ORDER BY id FOR UPDATE;
  SELECT array_agg(c."usageId") INTO v_fresh
    FROM usage_charge((SELECT jsonb_agg(x || jsonb_build_object('id', x->'usageId', 'key', (x->>'runId') || ':' || (x->>'nodeId') || ':1:' || (x->>'nodeType'),
                                                                 'attempt', 1, 'kind', x->'nodeType', 'workflowId', NULL, 'at', x->'finishedAt'))
                         FROM jsonb_array_elements(p_calls) x)) c;
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
