-- The run engine's checkpoint as ONE statement (issue 18 §2), and the smaller functions it is built
-- from. These functions are the only implementation of each rule: the TypeScript helpers
-- (lib/runs/events.ts, finish-run.ts, lib/metering/record-usage.ts, lib/billing/credits.ts,
-- lib/webhooks/publish-event.ts, lib/runs/engine/checkpoint.ts) call them from their transactions,
-- and run_checkpoint calls them in one round trip. Ids, receipt hashes and audit rows are made in
-- TypeScript and passed in. Times are UTC timestamps (the columns are timestamp(3) without zone).
-- Lock order: the Run row, then the workspace's concurrency gate, then its balance row.

-- Locks the workspace's balance row (creating it at 0) for the rest of the transaction.
CREATE FUNCTION balance_lock(p_ws text, OUT balance bigint, OUT held bigint) LANGUAGE sql AS $$
  INSERT INTO "WorkspaceBalance" ("workspaceId", balance, held, "updatedAt") VALUES (p_ws, 0, 0, now())
  ON CONFLICT ("workspaceId") DO UPDATE SET "workspaceId" = EXCLUDED."workspaceId"
  RETURNING balance, held
$$;

-- Gives back what a finished run did not spend of its hold (idempotent: the hold is zeroed).
CREATE FUNCTION run_hold_release(p_run text) RETURNS void LANGUAGE sql AS $$
  WITH r AS (
    SELECT id, "workspaceId", GREATEST("creditHold" - spent, 0) AS rest FROM "Run" WHERE id = p_run AND "creditHold" > 0
  ), b AS (
    UPDATE "WorkspaceBalance" w SET held = GREATEST(w.held - r.rest, 0), "updatedAt" = clock_timestamp() FROM r WHERE w."workspaceId" = r."workspaceId"
  )
  UPDATE "Run" SET "creditHold" = 0, "updatedAt" = clock_timestamp() FROM r WHERE "Run".id = r.id
$$;

-- Appends run events in order (sequence numbers allocated on the run row) and sends ONE NOTIFY on
-- run_events for them (chunks of 80 events keep a payload under NOTIFY's 8000 bytes):
-- {"runId","workspaceId","projectId","events":[{"seq","type","status"?}]}. Returns those notices.
CREATE FUNCTION run_events_append(p_run text, p_ws text, p_proj text, p_events jsonb, p_now timestamp, p_notify boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(jsonb_array_length(p_events), 0);
  v_base int;
  v_notices jsonb;
  v_chunk jsonb;
BEGIN
  IF n = 0 THEN RETURN '[]'::jsonb; END IF;
  UPDATE "Run" SET "lastEventSeq" = "lastEventSeq" + n WHERE id = p_run RETURNING "lastEventSeq" - n INTO v_base;
  IF v_base IS NULL THEN RAISE EXCEPTION 'run % not found while appending its events', p_run; END IF;
  INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
  SELECT p_run, v_base + e.ord::int, p_ws, p_proj, e.v->>'type', e.v->>'nodeId', coalesce(nullif(e.v->'data', 'null'::jsonb), '{}'::jsonb), p_now
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(v, ord);
  SELECT jsonb_agg(jsonb_build_object('seq', v_base + e.ord::int, 'type', e.v->>'type')
                   || CASE WHEN e.v->>'status' IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('status', e.v->>'status') END ORDER BY e.ord)
    INTO v_notices FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(v, ord);
  IF p_notify THEN
    FOR v_chunk IN
      SELECT jsonb_agg(x ORDER BY i) FROM jsonb_array_elements(v_notices) WITH ORDINALITY AS a(x, i) GROUP BY (i - 1) / 80 ORDER BY (i - 1) / 80
    LOOP
      PERFORM pg_notify('run_events', jsonb_build_object('runId', p_run, 'workspaceId', p_ws, 'projectId', p_proj, 'events', v_chunk)::text);
    END LOOP;
  END IF;
  RETURN v_notices;
END $$;

-- Writes one WebhookDelivery per enabled endpoint of the project subscribed to p_type, and
-- announces them (agentruntime_webhook_deliveries, lib/webhooks/delivery-notice.ts) when there
-- are any. p_ids: delivery ids made by the caller; past their count, ids are the first one plus
-- the endpoint's ordinal (still unique and prefixed). Returns the delivery ids.
CREATE FUNCTION webhook_event_publish(p_ws text, p_proj text, p_type text, p_data jsonb, p_event_id text, p_ids text[], p_now timestamp) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE v_ids text[];
BEGIN
  WITH e AS (
    SELECT id, row_number() OVER (ORDER BY id)::int AS n FROM "WebhookEndpoint"
     WHERE "workspaceId" = p_ws AND "projectId" = p_proj AND enabled AND p_type = ANY(events)
  ), ins AS (
    INSERT INTO "WebhookDelivery" (id, "workspaceId", "projectId", "endpointId", "eventId", "eventType", payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT coalesce(p_ids[e.n], p_ids[1] || e.n::text), p_ws, p_proj, e.id, p_event_id, p_type,
           jsonb_build_object('id', p_event_id, 'type', p_type, 'createdAt', to_char(p_now, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', p_data),
           p_now, p_now, p_now
      FROM e
    RETURNING id
  )
  SELECT coalesce(array_agg(id), '{}') INTO v_ids FROM ins;
  IF cardinality(v_ids) > 0 THEN PERFORM pg_notify('agentruntime_webhook_deliveries', ''); END IF;
  RETURN v_ids;
END $$;

-- Writes usage records (idempotent by their key: a record that exists was charged when it was
-- written) and debits the new ones: ONE balance lock, one ledger entry per record with its running
-- balance, the balance moved, the same amount given back from the run's hold (at most what is left
-- of it), and the run's spend raised. p_items: [{ord, id, ledgerId, key, nodeId, attempt, kind,
-- provider, model, keySource, tokensIn, tokensOut, cost, charge}]. Returns what was charged now.
CREATE FUNCTION usage_record_charge(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  v_new jsonb;
  v_total bigint;
  v_balance bigint;
  v_held bigint;
  v_rest bigint;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN 0; END IF;
  WITH t AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS x(ord int, id text, "ledgerId" text, key text, "nodeId" text, attempt int, kind text, provider text, model text,
                                                   "keySource" text, "tokensIn" int, "tokensOut" int, cost bigint, charge bigint)
  ), ins AS (
    INSERT INTO "UsageRecord" (id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource", "tokensIn", "tokensOut", cost, charge, "idempotencyKey")
    SELECT id, p_ws, p_proj, p_run, p_wf, "nodeId", attempt, kind, provider, model, "keySource", coalesce("tokensIn", 0), coalesce("tokensOut", 0), coalesce(cost, 0), charge, key FROM t
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT jsonb_agg(jsonb_build_object('id', t.id, 'ledgerId', t."ledgerId", 'model', t.model, 'kind', t.kind, 'charge', t.charge, 'ord', t.ord) ORDER BY t.ord), sum(t.charge)::bigint
    INTO v_new, v_total FROM t JOIN ins USING (id) WHERE t.charge > 0;
  IF v_total IS NULL OR v_total = 0 THEN RETURN 0; END IF;
  SELECT b.balance, b.held INTO v_balance, v_held FROM balance_lock(p_ws) b;
  SELECT GREATEST("creditHold" - spent, 0) INTO v_rest FROM "Run" WHERE id = p_run;
  IF v_rest IS NULL THEN RAISE EXCEPTION 'charging run %: the run does not exist', p_run; END IF;
  INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description)
  SELECT u."ledgerId", p_ws, 'usage', -u.charge, v_balance - sum(u.charge) OVER (ORDER BY u.ord), 'usage_record', u.id, p_proj, p_wf, p_run, u.model, u.kind || ' usage'
    FROM jsonb_to_recordset(v_new) AS u(id text, "ledgerId" text, model text, kind text, charge bigint, ord int)
   ORDER BY u.ord;
  UPDATE "WorkspaceBalance" SET balance = v_balance - v_total, held = GREATEST(v_held - LEAST(v_total, v_rest), 0), "updatedAt" = clock_timestamp() WHERE "workspaceId" = p_ws;
  UPDATE "Run" SET spent = spent + v_total, "updatedAt" = clock_timestamp() WHERE id = p_run;
  RETURN v_total;
END $$;

-- Upserts step rows whose receipt links were computed by the caller (lib/runs/receipts).
CREATE FUNCTION run_steps_write(p_run text, p_ws text, p_proj text, p_rows jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog", input, output, error,
                         "tokensIn", "tokensOut", cost, "latencyMs", "startedAt", "finishedAt", "prevHash", hash)
  SELECT r.id, p_ws, p_proj, p_run, r."nodeId", r."nodeType", r.seq, r.status::"RunStepStatus", r.attempts, r."attemptLog", r.input, r.output, r.error,
         r."tokensIn", r."tokensOut", r.cost, r."latencyMs", r."startedAt", r."finishedAt", r."prevHash", r.hash
    FROM jsonb_to_recordset(p_rows) AS r(id text, "nodeId" text, "nodeType" text, seq int, status text, attempts int, "attemptLog" jsonb,
         input jsonb, output jsonb, error jsonb, "tokensIn" int, "tokensOut" int, cost bigint, "latencyMs" int, "startedAt" timestamp(3), "finishedAt" timestamp(3),
         "prevHash" text, hash text)
  ON CONFLICT ("runId", "nodeId") DO UPDATE SET
    "nodeType" = EXCLUDED."nodeType", status = EXCLUDED.status, attempts = EXCLUDED.attempts, "attemptLog" = EXCLUDED."attemptLog", input = EXCLUDED.input,
    output = EXCLUDED.output, error = EXCLUDED.error, "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut", cost = EXCLUDED.cost,
    "latencyMs" = EXCLUDED."latencyMs", "startedAt" = EXCLUDED."startedAt", "finishedAt" = EXCLUDED."finishedAt", "prevHash" = EXCLUDED."prevHash", hash = EXCLUDED.hash
$$;

-- Starts a queued run through its workspace's concurrency gate (one start at a time per
-- workspace, so two workers cannot both take the last free slot). NULL: the gate is full and
-- nothing changed. Else the events to append: run.started (and its webhook) on the first start.
CREATE FUNCTION run_start(p_run text, p_ws text, p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids text[], p_now timestamp) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v_data jsonb;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('run-concurrency:' || p_ws));
  UPDATE "Run" SET status = 'running', "startedAt" = p_started_at, "updatedAt" = p_now
   WHERE id = p_run
     AND (SELECT count(*) FROM "Run" WHERE "workspaceId" = p_ws AND status = 'running') < coalesce((SELECT "maxConcurrentRuns" FROM "Workspace" WHERE id = p_ws), 10);
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF NOT p_first THEN RETURN '[]'::jsonb; END IF;
  v_data := jsonb_build_object('runId', p_run, 'workflowId', p_wf);
  PERFORM webhook_event_publish(p_ws, p_proj, 'run.started', v_data, p_event_id, p_hook_ids, p_now);
  RETURN jsonb_build_array(jsonb_build_object('type', 'run.started', 'data', v_data, 'status', 'running'));
END $$;

-- The one way a run reaches a terminal status: a conditional UPDATE (a second caller finds the run
-- terminal and changes nothing: NULL), pending approvals of a run that did not succeed canceled
-- (a gateway call's approval outlives its run), the run.<status> webhook, the unspent hold
-- released, and for failed / budget_exceeded the audit entry p_audit (made by lib/audit, the
-- run's workflowId added to its metadata). Returns the run.<status> event for the caller to
-- append with its others. Steps left open are closed by the caller (their receipt links are
-- computed in TypeScript).
CREATE FUNCTION run_finish(p_run text, p_ws text, p_proj text, p_status text, p_output jsonb, p_has_output boolean, p_error jsonb, p_audit jsonb,
                           p_event_id text, p_hook_ids text[], p_now timestamp) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_data jsonb;
BEGIN
  UPDATE "Run" SET status = p_status::"RunStatus", "finishedAt" = p_now, "updatedAt" = p_now,
         output = CASE WHEN p_has_output THEN coalesce(p_output, 'null'::jsonb) ELSE output END,
         error = CASE WHEN p_error IS NULL THEN error ELSE p_error END
   WHERE id = p_run AND "workspaceId" = p_ws AND status IN ('queued', 'running', 'waiting_approval')
   RETURNING "workflowId", "versionNumber", spent, "startedAt" INTO r;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF p_status <> 'succeeded' THEN
    UPDATE "Approval" SET status = 'canceled', "decidedAt" = p_now WHERE "runId" = p_run AND status = 'pending' AND "gatewayToolId" IS NULL;
  END IF;
  v_data := jsonb_build_object('runId', p_run, 'workflowId', r."workflowId", 'versionNumber', r."versionNumber", 'status', p_status, 'spent', r.spent,
                               'durationMs', CASE WHEN r."startedAt" IS NULL THEN NULL ELSE round(extract(epoch FROM (p_now - r."startedAt")) * 1000)::bigint END)
            || CASE WHEN p_has_output AND p_status = 'succeeded' THEN jsonb_build_object('output', coalesce(p_output, 'null'::jsonb)) ELSE '{}'::jsonb END
            || CASE WHEN p_error IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('error', p_error) END;
  PERFORM webhook_event_publish(p_ws, p_proj, 'run.' || p_status, v_data, p_event_id, p_hook_ids, p_now);
  PERFORM run_hold_release(p_run);
  IF p_audit IS NOT NULL AND p_status IN ('failed', 'budget_exceeded') THEN
    INSERT INTO "AuditLog" (id, "workspaceId", "projectId", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "targetLabel", ip, "userAgent", "requestId", before, after, metadata)
    SELECT a.id, a."workspaceId", a."projectId", a."actorType", a."actorId", a."actorLabel", a.action, a."targetType", a."targetId", a."targetLabel", a.ip, a."userAgent", a."requestId",
           a.before, a.after, coalesce(a.metadata, '{}'::jsonb) || jsonb_build_object('workflowId', r."workflowId")
      FROM jsonb_populate_record(NULL::"AuditLog", p_audit) a;
  END IF;
  RETURN jsonb_build_object('type', 'run.' || p_status, 'data', v_data, 'status', p_status);
END $$;

-- One engine checkpoint in one statement (lib/runs/engine/checkpoint.ts): the caller's statement
-- has locked the Run row and evaluated the lock fence under that lock (p_fenced). In order: the
-- concurrency gate (a queued run), the step rows, the events settled with them, their usage and
-- charge, the run's end, and all events appended with one NOTIFY. What it does not do it reports
-- without writing anything, for the caller's transaction to handle:
--   gone / lock_lost / terminal / gate_full — as the engine's other checkpoints would;
--   slow — a cancel was requested, or the receipt chain is not what the caller computed its links
--          from (p.prev: the hash of the row before the first one written), or rows written
--          after them / steps left open at the run's end need re-linking.
-- p: {ws, proj, wf, now, notify, start: {startedAt, first, eventId, hookIds} | null, steps, prev,
--     events, usage, finish: {status, output, hasOutput, error, audit, eventId, hookIds} | null}.
CREATE FUNCTION run_checkpoint(p_run text, p_fenced boolean, p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r record;
  v_now timestamp := (p->>'now')::timestamp;
  v_ws text := p->>'ws';
  v_proj text := p->>'proj';
  v_steps jsonb := coalesce(nullif(p->'steps', 'null'::jsonb), '[]'::jsonb);
  v_start jsonb := nullif(p->'start', 'null'::jsonb);
  v_finish jsonb := nullif(p->'finish', 'null'::jsonb);
  v_events jsonb := '[]'::jsonb;
  v_started jsonb;
  v_ended jsonb;
  v_from int;
  v_nodes text[] := '{}';
  v_open boolean := false;
  v_prev text;
  v_notices jsonb;
BEGIN
  SELECT status::text AS status, "cancelRequestedAt" IS NOT NULL AS cancel INTO r FROM "Run" WHERE id = p_run FOR UPDATE;
  IF NOT FOUND THEN RETURN '{"result":"gone"}'::jsonb; END IF;
  IF NOT coalesce(p_fenced, false) THEN RETURN '{"result":"lock_lost"}'::jsonb; END IF;
  IF r.status IN ('succeeded', 'failed', 'canceled', 'budget_exceeded') THEN RETURN jsonb_build_object('result', 'terminal', 'status', r.status); END IF;
  IF r.cancel THEN RETURN '{"result":"slow"}'::jsonb; END IF;
  IF jsonb_array_length(v_steps) > 0 THEN
    SELECT min((s->>'seq')::int), array_agg(s->>'nodeId'), bool_or(s->>'status' IN ('running', 'waiting_approval'))
      INTO v_from, v_nodes, v_open FROM jsonb_array_elements(v_steps) s;
    SELECT hash INTO v_prev FROM "RunStep" WHERE "runId" = p_run AND seq < v_from ORDER BY seq DESC LIMIT 1;
    IF v_prev IS DISTINCT FROM p->>'prev'
       OR EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND seq >= v_from AND NOT ("nodeId" = ANY(v_nodes))) THEN
      RETURN '{"result":"slow"}'::jsonb;
    END IF;
  END IF;
  IF v_finish IS NOT NULL AND (v_open OR EXISTS (
       SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND status IN ('running', 'waiting_approval') AND NOT ("nodeId" = ANY(v_nodes)))) THEN
    RETURN '{"result":"slow"}'::jsonb;
  END IF;

  IF v_start IS NOT NULL THEN
    v_started := run_start(p_run, v_ws, v_proj, p->>'wf', (v_start->>'startedAt')::timestamp, (v_start->>'first')::boolean, v_start->>'eventId',
                           ARRAY(SELECT jsonb_array_elements_text(v_start->'hookIds')), v_now);
    IF v_started IS NULL THEN RETURN '{"result":"gate_full"}'::jsonb; END IF;
    v_events := v_events || v_started;
  END IF;
  IF jsonb_array_length(v_steps) > 0 THEN PERFORM run_steps_write(p_run, v_ws, v_proj, v_steps); END IF;
  v_events := v_events || coalesce(nullif(p->'events', 'null'::jsonb), '[]'::jsonb);
  PERFORM usage_record_charge(p_run, v_ws, v_proj, p->>'wf', nullif(p->'usage', 'null'::jsonb));
  IF v_finish IS NOT NULL THEN
    v_ended := run_finish(p_run, v_ws, v_proj, v_finish->>'status', nullif(v_finish->'output', 'null'::jsonb), coalesce((v_finish->>'hasOutput')::boolean, false),
                          nullif(v_finish->'error', 'null'::jsonb), nullif(v_finish->'audit', 'null'::jsonb), v_finish->>'eventId',
                          ARRAY(SELECT jsonb_array_elements_text(v_finish->'hookIds')), v_now);
    IF v_ended IS NOT NULL THEN v_events := v_events || jsonb_build_array(v_ended); END IF;
  END IF;
  v_notices := run_events_append(p_run, v_ws, v_proj, v_events, v_now, coalesce((p->>'notify')::boolean, true));
  RETURN jsonb_build_object('result', 'ok', 'spent', (SELECT spent::text FROM "Run" WHERE id = p_run), 'notices', v_notices);
END $$;
