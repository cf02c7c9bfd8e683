-- One charging rule for every writer of usage (issue 18 §2): usage_charge writes usage records and
-- debits the new ones, for any number of runs and workspaces at once. usage_record_charge (the
-- engine's checkpoint, recordUsage) and agent_calls_commit (the gateway's usage batch,
-- lib/agents/agent-usage.ts) both call it; before, the gateway had its own copy of the rule, and
-- took the balance rows before the Run rows.
-- Lock order, as everywhere: the Run rows (in id order), then the balance rows (in workspace id
-- order).

-- Writes usage records (idempotent by their key: a record that exists was charged when it was
-- written) and debits the new ones: each run's spend raised (its row locked, in id order), then
-- each workspace's balance locked once (in id order), one ledger entry per record with its running
-- balance (inserted in the order they apply, so the ledger's seq follows balanceAfter), the balance
-- moved, and the same amount given back from each run's hold (at most what is left of it). A run's
-- creditHold and spent only change under its row lock, so reading them before the balance lock is
-- consistent. p_items: [{ord, id, ledgerId, key, nodeId, attempt, kind, provider, model, keySource,
-- tokensIn, tokensOut, cost, charge, estimated?, at?, runId?, workspaceId?, projectId?, workflowId?}]
-- (at: when the usage happened, UTC, default now; the ids default to p_run, p_ws, p_proj, p_wf).
-- Returns what was charged now, and the ids of the records written now.
CREATE FUNCTION usage_charge(p_items jsonb, p_run text, p_ws text, p_proj text, p_wf text, OUT charged bigint, OUT fresh text[]) LANGUAGE plpgsql AS $$
DECLARE
  v_new jsonb;
  v_total bigint;
  v_runs text[];
  v_wss text[];
  v_rels bigint[];
  v_chg bigint;
  v_ws text;
  v_rel bigint;
  v_balance bigint;
  v_held bigint;
  i int;
  j int;
BEGIN
  charged := 0;
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN; END IF;
  -- One pass over the items: the records written now (fresh), those of them to debit (v_new), their
  -- total, and their runs and workspaces in id order (the lock order).
  WITH t AS (
    SELECT x.ord, x.id, x."ledgerId", x.key, coalesce(x."runId", p_run) AS "runId", coalesce(x."workspaceId", p_ws) AS "workspaceId",
           coalesce(x."projectId", p_proj) AS "projectId", coalesce(x."workflowId", p_wf) AS "workflowId", x."nodeId", x.attempt, x.kind, x.provider, x.model,
           x."keySource", x."tokensIn", x."tokensOut", x.cost, x.charge, x.estimated, x.at
      FROM jsonb_to_recordset(p_items) AS x(ord int, id text, "ledgerId" text, key text, "runId" text, "workspaceId" text, "projectId" text, "workflowId" text,
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
  SELECT array_agg(t.id),
         jsonb_agg(jsonb_build_object('ord', t.ord, 'id', t.id, 'ledgerId', t."ledgerId", 'runId', t."runId", 'workspaceId', t."workspaceId", 'projectId', t."projectId",
                                      'workflowId', t."workflowId", 'kind', t.kind, 'model', t.model, 'charge', t.charge, 'at', t.at)) FILTER (WHERE t.charge > 0),
         sum(t.charge) FILTER (WHERE t.charge > 0), array_agg(DISTINCT t."runId" ORDER BY t."runId") FILTER (WHERE t.charge > 0),
         array_agg(DISTINCT t."workspaceId" ORDER BY t."workspaceId") FILTER (WHERE t.charge > 0)
    INTO fresh, v_new, v_total, v_runs, v_wss
    FROM t JOIN ins USING (id);
  IF v_new IS NULL THEN RETURN; END IF;

  -- The totals per run and per workspace (the usual batch has one of each: the total).
  v_rels := array_fill(0::bigint, ARRAY[cardinality(v_wss)]);
  FOR i IN 1..cardinality(v_runs) LOOP
    IF cardinality(v_runs) = 1 THEN
      v_chg := v_total;
      v_ws := v_wss[1];
    ELSE
      SELECT sum(u.charge)::bigint, min(u."workspaceId") INTO v_chg, v_ws FROM jsonb_to_recordset(v_new) AS u("runId" text, "workspaceId" text, charge bigint) WHERE u."runId" = v_runs[i];
    END IF;
    UPDATE "Run" SET spent = spent + v_chg, "updatedAt" = clock_timestamp() WHERE id = v_runs[i]
      RETURNING LEAST(v_chg, GREATEST("creditHold" - (spent - v_chg), 0)) INTO v_rel;
    IF NOT FOUND THEN RAISE EXCEPTION 'charging run %: the run does not exist', v_runs[i]; END IF;
    j := array_position(v_wss, v_ws);
    v_rels[j] := v_rels[j] + v_rel;
  END LOOP;
  FOR j IN 1..cardinality(v_wss) LOOP
    IF cardinality(v_wss) = 1 THEN
      v_chg := v_total;
    ELSE
      SELECT sum(u.charge)::bigint INTO v_chg FROM jsonb_to_recordset(v_new) AS u("workspaceId" text, charge bigint) WHERE u."workspaceId" = v_wss[j];
    END IF;
    SELECT b.balance, b.held INTO v_balance, v_held FROM balance_lock(v_wss[j]) b;
    INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description, "createdAt")
    SELECT u."ledgerId", u."workspaceId", 'usage', -u.charge, v_balance - sum(u.charge) OVER (ORDER BY u.ord, u.id ROWS UNBOUNDED PRECEDING),
           'usage_record', u.id, u."projectId", u."workflowId", u."runId", u.model, u.kind || ' usage', coalesce(u.at, now())
      FROM jsonb_to_recordset(v_new) AS u(ord int, id text, "ledgerId" text, "runId" text, "workspaceId" text, "projectId" text, "workflowId" text,
                                          kind text, model text, charge bigint, at timestamp)
     WHERE u."workspaceId" = v_wss[j]
     ORDER BY u.ord, u.id;
    UPDATE "WorkspaceBalance" SET balance = v_balance - v_chg, held = GREATEST(v_held - v_rels[j], 0), "updatedAt" = clock_timestamp()
     WHERE "workspaceId" = v_wss[j];
  END LOOP;
  charged := v_total;
END $$;

-- The checkpoint's form of it: one run's records. Returns what was charged now.
CREATE OR REPLACE FUNCTION usage_record_charge(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_charged bigint;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN 0; END IF;
  SELECT c.charged INTO v_charged FROM usage_charge(p_items, p_run, p_ws, p_proj, p_wf) c;
  RETURN v_charged;
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
