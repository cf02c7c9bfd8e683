-- A group-committed batch of checkpoints writes each table once (issue 18 §2). The batch
-- (run_checkpoint_batch) applied its runs one by one, and each run's checkpoint made its own
-- inserts: step rows (with the step rollup's statement trigger), events, usage records, ledger
-- entries, webhook deliveries, each a statement of its own, then its own Run update and balance
-- update. pg_stat_statements over 3,000 `hello` runs put those statements at about half of the
-- checkpoint's time. Now the rules that decide stay per run (fence, gate, finish, spend, event
-- numbering), and the rows they produce are written for the whole batch at once: one statement
-- per table. One checkpoint (run_checkpoint) is a batch of one: the same code. Every writer of the
-- same rows outside the checkpoint goes through the same set-based functions (run_row_write,
-- run_steps_write, run_events_append, usage_record_write, usage_debit, webhook_event_publish,
-- run_start and run_finish are each a batch of one), so each rule still exists once.

DROP FUNCTION run_checkpoint_batch(text[], int[], int[], bigint[], jsonb[]);
DROP FUNCTION run_checkpoint(text, boolean, jsonb);
DROP FUNCTION run_checkpoint_settle(text, jsonb, jsonb, bigint);
DROP FUNCTION run_checkpoint_write("Run", jsonb);
DROP FUNCTION run_checkpoint_apply(text, boolean, jsonb);
DROP FUNCTION run_events_append(text, text, text, jsonb, timestamp, boolean);
DROP FUNCTION run_events_append_on("Run", text, jsonb, timestamp, boolean);
DROP FUNCTION usage_record_write(text, text, text, text, jsonb);
DROP FUNCTION usage_record_write_on("Run", text, text, text, text, jsonb);

-- Run rows written back from their states, in one update (the caller holds their locks since
-- run_state_lock). output and error: NULL leaves the column as it is.
CREATE FUNCTION run_rows_write(p_rows "Run"[]) RETURNS void LANGUAGE sql AS $$
  UPDATE "Run" t SET status = s.status, "startedAt" = s."startedAt", "finishedAt" = s."finishedAt", spent = s.spent, "creditHold" = s."creditHold",
         "lastEventSeq" = s."lastEventSeq", "updatedAt" = s."updatedAt", output = coalesce(s.output, t.output), error = coalesce(s.error, t.error)
    FROM unnest(p_rows) s
   WHERE t.id = s.id
$$;

CREATE OR REPLACE FUNCTION run_row_write(r "Run") RETURNS void LANGUAGE sql AS $$
  SELECT run_rows_write(ARRAY[r])
$$;

-- Step rows of several runs, upserted in one statement (the step rollup's statement trigger fires
-- once). p_rows[i]: run p_runs[i]'s rows, as run_steps_write takes them; NULL: none.
CREATE FUNCTION run_steps_write_many(p_runs text[], p_ws text[], p_proj text[], p_rows jsonb[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RunStep" (id, "workspaceId", "projectId", "runId", "nodeId", "nodeType", seq, status, attempts, "attemptLog", input, output, error,
                         "tokensIn", "tokensOut", cost, "latencyMs", "startedAt", "finishedAt", "prevHash", hash)
  SELECT r.id, u.ws, u.proj, u.run, r."nodeId", r."nodeType", r.seq, r.status::"RunStepStatus", r.attempts, r."attemptLog", r.input, r.output, r.error,
         r."tokensIn", r."tokensOut", r.cost, r."latencyMs", r."startedAt", r."finishedAt", r."prevHash", r.hash
    FROM unnest(p_runs, p_ws, p_proj, p_rows) AS u(run, ws, proj, rows)
   CROSS JOIN LATERAL jsonb_to_recordset(u.rows) AS r(id text, "nodeId" text, "nodeType" text, seq int, status text, attempts int, "attemptLog" jsonb,
         input jsonb, output jsonb, error jsonb, "tokensIn" int, "tokensOut" int, cost bigint, "latencyMs" int, "startedAt" timestamp(3), "finishedAt" timestamp(3),
         "prevHash" text, hash text)
  ON CONFLICT ("runId", "nodeId") DO UPDATE SET
    "nodeType" = EXCLUDED."nodeType", status = EXCLUDED.status, attempts = EXCLUDED.attempts, "attemptLog" = EXCLUDED."attemptLog", input = EXCLUDED.input,
    output = EXCLUDED.output, error = EXCLUDED.error, "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut", cost = EXCLUDED.cost,
    "latencyMs" = EXCLUDED."latencyMs", "startedAt" = EXCLUDED."startedAt", "finishedAt" = EXCLUDED."finishedAt", "prevHash" = EXCLUDED."prevHash", hash = EXCLUDED.hash
$$;

-- Upserts one run's step rows whose receipt links were computed by the caller (lib/runs/receipts).
CREATE OR REPLACE FUNCTION run_steps_write(p_run text, p_ws text, p_proj text, p_rows jsonb) RETURNS void LANGUAGE sql AS $$
  SELECT run_steps_write_many(ARRAY[p_run], ARRAY[p_ws], ARRAY[p_proj], ARRAY[p_rows])
$$;

-- Event numbering on a run's state: p_events get the numbers after the state's lastEventSeq (base:
-- the number before the first). The rows are inserted by run_events_insert_many and announced by
-- run_events_announce, with the other runs' of a batch.
CREATE FUNCTION run_events_number_on(INOUT r "Run", p_events jsonb, OUT base int) LANGUAGE plpgsql AS $$
DECLARE n int := coalesce(jsonb_array_length(p_events), 0);
BEGIN
  base := r."lastEventSeq";
  IF n = 0 THEN RETURN; END IF;
  IF r.id IS NULL THEN RAISE EXCEPTION 'run not found while appending its events'; END IF;
  r."lastEventSeq" := base + n;
END $$;

-- Numbered events of several runs in one insert: run p_runs[i]'s events p_events[i] (NULL: none)
-- get the numbers p_base[i] + 1, + 2, ….
CREATE FUNCTION run_events_insert_many(p_runs text[], p_ws text[], p_proj text[], p_base int[], p_events jsonb[], p_now timestamp[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
  SELECT u.run, u.base + e.ord::int, u.ws, u.proj, e.v->>'type', e.v->>'nodeId', coalesce(nullif(e.v->'data', 'null'::jsonb), '{}'::jsonb), u.at
    FROM unnest(p_runs, p_ws, p_proj, p_base, p_events, p_now) AS u(run, ws, proj, base, events, at)
   CROSS JOIN LATERAL jsonb_array_elements(u.events) WITH ORDINALITY AS e(v, ord)
$$;

-- The notices of several runs' numbered events (as run_events_insert_many takes them): per run, its
-- events' {seq, type, status?}, and where p_notify[i], ONE NOTIFY on run_events for them (chunks of
-- 80 keep a payload under NOTIFY's 8000 bytes): {"runId","workspaceId","projectId","events":[…]}.
CREATE FUNCTION run_events_announce(p_runs text[], p_ws text[], p_proj text[], p_base int[], p_events jsonb[], p_notify boolean[]) RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE v_notices jsonb[];
BEGIN
  SELECT array_agg(coalesce(n.notices, '[]'::jsonb) ORDER BY u.i) INTO v_notices
    FROM unnest(p_base, p_events) WITH ORDINALITY AS u(base, events, i)
    LEFT JOIN LATERAL (
      SELECT jsonb_agg(jsonb_build_object('seq', u.base + e.ord::int, 'type', e.v->>'type')
                       || CASE WHEN e.v->>'status' IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('status', e.v->>'status') END ORDER BY e.ord) AS notices
        FROM jsonb_array_elements(u.events) WITH ORDINALITY AS e(v, ord)
    ) n ON true;
  PERFORM pg_notify('run_events', jsonb_build_object('runId', c.run, 'workspaceId', c.ws, 'projectId', c.proj, 'events', c.chunk)::text)
     FROM (SELECT u.i, u.run, u.ws, u.proj, (a.k - 1) / 80 AS part, jsonb_agg(a.x ORDER BY a.k) AS chunk
             FROM unnest(p_runs, p_ws, p_proj, v_notices, p_notify) WITH ORDINALITY AS u(run, ws, proj, notices, notify, i)
            CROSS JOIN LATERAL jsonb_array_elements(u.notices) WITH ORDINALITY AS a(x, k)
            WHERE u.notify
            GROUP BY u.i, u.run, u.ws, u.proj, (a.k - 1) / 80
            ORDER BY u.i, part) c;
  RETURN coalesce(v_notices, '{}');
END $$;

-- Appends events to one run (lib/runs/events.ts), numbered on its locked row; returns the notices.
CREATE FUNCTION run_events_append(p_run text, p_ws text, p_proj text, p_events jsonb, p_now timestamp, p_notify boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run";
  s record;
BEGIN
  IF coalesce(jsonb_array_length(p_events), 0) = 0 THEN RETURN '[]'::jsonb; END IF;
  r := run_state_lock(p_run);
  IF r.id IS NULL THEN RAISE EXCEPTION 'run % not found while appending its events', p_run; END IF;
  s := run_events_number_on(r, p_events);
  PERFORM run_events_insert_many(ARRAY[p_run], ARRAY[r."workspaceId"], ARRAY[p_proj], ARRAY[s.base], ARRAY[p_events], ARRAY[p_now]);
  PERFORM run_row_write(s.r);
  RETURN (run_events_announce(ARRAY[p_run], ARRAY[r."workspaceId"], ARRAY[p_proj], ARRAY[s.base], ARRAY[p_events], ARRAY[p_notify]))[1];
END $$;

-- Webhook deliveries of several events (p_events[i]: {ws, proj, type, data, eventId, ids, at};
-- NULL: none): one WebhookDelivery per enabled endpoint of the event's project subscribed to its
-- type, announced (agentruntime_webhook_deliveries, lib/webhooks/delivery-notice.ts) once when
-- there are any. ids: delivery ids made by the caller; past their count, an event's ids are its
-- first one plus the endpoint's ordinal (still unique and prefixed). Returns the delivery ids.
CREATE FUNCTION webhook_events_publish(p_events jsonb[]) RETURNS text[] LANGUAGE plpgsql AS $$
DECLARE v_ids text[];
BEGIN
  WITH ev AS (
    SELECT u.i, x->>'ws' AS ws, x->>'proj' AS proj, x->>'type' AS type, x->'data' AS data, x->>'eventId' AS event_id, x->'ids' AS ids, (x->>'at')::timestamp AS at
      FROM unnest(p_events) WITH ORDINALITY AS u(x, i) WHERE x IS NOT NULL
  ), e AS (
    SELECT ev.*, w.id AS endpoint, row_number() OVER (PARTITION BY ev.i ORDER BY w.id)::int AS n
      FROM ev JOIN "WebhookEndpoint" w ON w."workspaceId" = ev.ws AND w."projectId" = ev.proj AND w.enabled AND ev.type = ANY(w.events)
  ), ins AS (
    INSERT INTO "WebhookDelivery" (id, "workspaceId", "projectId", "endpointId", "eventId", "eventType", payload, "nextAttemptAt", "createdAt", "updatedAt")
    SELECT coalesce(e.ids->>(e.n - 1), (e.ids->>0) || e.n::text), e.ws, e.proj, e.endpoint, e.event_id, e.type,
           jsonb_build_object('id', e.event_id, 'type', e.type, 'createdAt', to_char(e.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'data', e.data), e.at, e.at, e.at
      FROM e ORDER BY e.i, e.n
    RETURNING id
  )
  SELECT coalesce(array_agg(id), '{}') INTO v_ids FROM ins;
  IF cardinality(v_ids) > 0 THEN PERFORM pg_notify('agentruntime_webhook_deliveries', ''); END IF;
  RETURN v_ids;
END $$;

-- One event's webhook deliveries (lib/webhooks/publish-event.ts).
CREATE OR REPLACE FUNCTION webhook_event_publish(p_ws text, p_proj text, p_type text, p_data jsonb, p_event_id text, p_ids text[], p_now timestamp) RETURNS text[] LANGUAGE sql AS $$
  SELECT webhook_events_publish(ARRAY[jsonb_build_object('ws', p_ws, 'proj', p_proj, 'type', p_type, 'data', p_data, 'eventId', p_event_id, 'ids', to_jsonb(p_ids), 'at', p_now)])
$$;

-- run_start's rule on a state: the concurrency gate (taken when the run holds a slot after this
-- commit, else only checked), status running, and on the first start run.started, with its webhook
-- event for webhook_events_publish (publish). events NULL: the gate is full and r is unchanged.
DROP FUNCTION run_start_on("Run", text, text, timestamp, boolean, text, text[], timestamp, boolean);
CREATE FUNCTION run_start_on(INOUT r "Run", p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids jsonb, p_now timestamp,
                             p_holds_slot boolean, OUT events jsonb, OUT publish jsonb) LANGUAGE plpgsql AS $$
DECLARE v_data jsonb;
BEGIN
  IF p_holds_slot THEN PERFORM pg_advisory_xact_lock(hashtext('run-concurrency:' || r."workspaceId")); END IF;
  IF (SELECT count(*) FROM "Run" WHERE "workspaceId" = r."workspaceId" AND status = 'running')
     >= coalesce((SELECT "maxConcurrentRuns" FROM "Workspace" WHERE id = r."workspaceId"), 10) THEN
    RETURN;
  END IF;
  r.status := 'running';
  r."startedAt" := p_started_at;
  r."updatedAt" := p_now;
  events := '[]'::jsonb;
  IF NOT p_first THEN RETURN; END IF;
  v_data := jsonb_build_object('runId', r.id, 'workflowId', p_wf);
  publish := jsonb_build_object('ws', r."workspaceId", 'proj', p_proj, 'type', 'run.started', 'data', v_data, 'eventId', p_event_id, 'ids', p_hook_ids, 'at', p_now);
  events := jsonb_build_array(jsonb_build_object('type', 'run.started', 'data', v_data, 'status', 'running'));
END $$;

CREATE OR REPLACE FUNCTION run_start(p_run text, p_ws text, p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids text[], p_now timestamp,
                                     p_holds_slot boolean DEFAULT true) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run" := run_state_lock(p_run);
  s record;
BEGIN
  IF r.id IS NULL THEN RETURN NULL; END IF;
  s := run_start_on(r, p_proj, p_wf, p_started_at, p_first, p_event_id, to_jsonb(p_hook_ids), p_now, p_holds_slot);
  IF s.events IS NULL THEN RETURN NULL; END IF;
  PERFORM run_row_write(s.r);
  IF s.publish IS NOT NULL THEN PERFORM webhook_events_publish(ARRAY[s.publish]); END IF;
  RETURN s.events;
END $$;

-- run_finish's rule on a state: the one way a run reaches a terminal status (event NULL and r
-- unchanged when it is already terminal, or not of workspace p_ws), pending approvals of a run
-- that did not succeed canceled (a gateway call's approval outlives its run), the run.<status>
-- webhook event for webhook_events_publish (publish), and for failed / budget_exceeded the audit
-- entry p_audit (made by lib/audit, the run's workflowId added to its metadata). The hold is
-- released by the caller (run_hold_release_on), the steps left open closed by it too (their
-- receipt links are computed in TypeScript). event: the run.<status> event for the caller to
-- append with its others.
DROP FUNCTION run_finish_on("Run", text, text, text, jsonb, boolean, jsonb, jsonb, text, text[], timestamp);
CREATE FUNCTION run_finish_on(INOUT r "Run", p_ws text, p_proj text, p_status text, p_output jsonb, p_has_output boolean, p_error jsonb, p_audit jsonb,
                              p_event_id text, p_hook_ids jsonb, p_now timestamp, OUT event jsonb, OUT publish jsonb) LANGUAGE plpgsql AS $$
DECLARE v_data jsonb;
BEGIN
  IF r.id IS NULL OR r."workspaceId" <> p_ws OR r.status NOT IN ('queued', 'running', 'waiting_approval') THEN RETURN; END IF;
  r.status := p_status::"RunStatus";
  r."finishedAt" := p_now;
  r."updatedAt" := p_now;
  IF p_has_output THEN r.output := coalesce(p_output, 'null'::jsonb); END IF;
  IF p_error IS NOT NULL THEN r.error := p_error; END IF;
  IF p_status <> 'succeeded' THEN
    UPDATE "Approval" SET status = 'canceled', "decidedAt" = p_now WHERE "runId" = r.id AND status = 'pending' AND "gatewayToolId" IS NULL;
  END IF;
  v_data := jsonb_build_object('runId', r.id, 'workflowId', r."workflowId", 'versionNumber', r."versionNumber", 'status', p_status, 'spent', r.spent,
                               'durationMs', CASE WHEN r."startedAt" IS NULL THEN NULL ELSE round(extract(epoch FROM (p_now - r."startedAt")) * 1000)::bigint END)
            || CASE WHEN p_has_output AND p_status = 'succeeded' THEN jsonb_build_object('output', coalesce(p_output, 'null'::jsonb)) ELSE '{}'::jsonb END
            || CASE WHEN p_error IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('error', p_error) END;
  publish := jsonb_build_object('ws', p_ws, 'proj', p_proj, 'type', 'run.' || p_status, 'data', v_data, 'eventId', p_event_id, 'ids', p_hook_ids, 'at', p_now);
  IF p_audit IS NOT NULL AND p_status IN ('failed', 'budget_exceeded') THEN
    INSERT INTO "AuditLog" (id, "workspaceId", "projectId", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "targetLabel", ip, "userAgent", "requestId", before, after, metadata)
    SELECT a.id, a."workspaceId", a."projectId", a."actorType", a."actorId", a."actorLabel", a.action, a."targetType", a."targetId", a."targetLabel", a.ip, a."userAgent", a."requestId",
           a.before, a.after, coalesce(a.metadata, '{}'::jsonb) || jsonb_build_object('workflowId', r."workflowId")
      FROM jsonb_populate_record(NULL::"AuditLog", p_audit) a;
  END IF;
  event := jsonb_build_object('type', 'run.' || p_status, 'data', v_data, 'status', p_status);
END $$;

-- Ends a run (the API's cancel, approvals' reject and expiry, the engine's transaction path): the
-- rule above and, unless p_release is false (the caller then calls run_hold_release before it
-- commits), the hold's release, written as one update of the row. NULL: the run was terminal.
CREATE OR REPLACE FUNCTION run_finish(p_run text, p_ws text, p_proj text, p_status text, p_output jsonb, p_has_output boolean, p_error jsonb, p_audit jsonb,
                                      p_event_id text, p_hook_ids text[], p_now timestamp, p_release boolean DEFAULT true) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run" := run_state_lock(p_run);
  s record;
  h record;
BEGIN
  s := run_finish_on(r, p_ws, p_proj, p_status, p_output, p_has_output, p_error, p_audit, p_event_id, to_jsonb(p_hook_ids), p_now);
  IF s.event IS NULL THEN RETURN NULL; END IF;
  PERFORM webhook_events_publish(ARRAY[s.publish]);
  IF NOT p_release THEN
    PERFORM run_row_write(s.r);
    RETURN s.event;
  END IF;
  h := run_hold_release_on(s.r);
  PERFORM run_row_write(h.r);
  PERFORM run_hold_give_back(p_ws, h.give_back);
  RETURN s.event;
END $$;

-- Usage records of several runs, in one insert (idempotent by their key: a record that exists was
-- charged when it was written). p_items[i]: run p_runs[i]'s items, as usage_record_write takes
-- them (NULL: none). Returns, per run, NULL when none of its records is new, else {fresh: their
-- ids, total: their charges, items: those to debit}; usage_spend_on then adds the run's rest.
CREATE FUNCTION usage_record_insert_many(p_runs text[], p_ws text[], p_proj text[], p_wf text[], p_items jsonb[]) RETURNS jsonb[] LANGUAGE sql AS $$
  WITH t AS (
    SELECT u.i, u.run, u.ws, u.proj, u.wf, x.*
      FROM unnest(p_runs, p_ws, p_proj, p_wf, p_items) WITH ORDINALITY AS u(run, ws, proj, wf, items, i)
     CROSS JOIN LATERAL jsonb_to_recordset(u.items) AS x(ord int, id text, "ledgerId" text, key text, "nodeId" text, attempt int, kind text, provider text, model text,
                                                        "keySource" text, "tokensIn" int, "tokensOut" int, cost bigint, charge bigint, estimated boolean, at timestamp)
  ), ins AS (
    INSERT INTO "UsageRecord" (id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource", "tokensIn", "tokensOut",
                               cost, charge, estimated, "idempotencyKey", "createdAt")
    SELECT id, ws, proj, run, wf, "nodeId", attempt, kind, provider, model, "keySource", coalesce("tokensIn", 0), coalesce("tokensOut", 0), coalesce(cost, 0),
           charge, coalesce(estimated, false), key, coalesce(at, now()) FROM t ORDER BY i, ord
    ON CONFLICT DO NOTHING
    RETURNING id
  ), fresh AS (
    SELECT t.i,
           jsonb_build_object('fresh', jsonb_agg(t.id ORDER BY t.ord),
                              'total', coalesce(sum(t.charge) FILTER (WHERE t.charge > 0), 0)::bigint,
                              'items', coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'ledgerId', t."ledgerId", 'model', t.model, 'kind', t.kind, 'charge', t.charge,
                                                                             'ord', t.ord, 'at', t.at) ORDER BY t.ord) FILTER (WHERE t.charge > 0), '[]'::jsonb)) AS d
      FROM t JOIN ins USING (id) GROUP BY t.i
  )
  SELECT coalesce(array_agg(f.d ORDER BY g.i), '{}') FROM generate_series(1, coalesce(cardinality(p_runs), 0)) g(i) LEFT JOIN fresh f ON f.i = g.i
$$;

-- A run's spend raised by its new usage records' charges (p_ins: usage_record_insert_many's answer
-- for it). debit: what usage_debit takes ({fresh, total, rest, items}, rest being what was left of
-- the run's hold before), NULL when no record is new.
CREATE FUNCTION usage_spend_on(INOUT r "Run", p_run text, p_ins jsonb, OUT debit jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_total bigint := coalesce((p_ins->>'total')::bigint, 0);
  v_rest bigint := 0;
BEGIN
  IF p_ins IS NULL THEN RETURN; END IF;
  IF v_total > 0 THEN
    IF r.id IS NULL THEN RAISE EXCEPTION 'charging run %: the run does not exist', p_run; END IF;
    v_rest := GREATEST(r."creditHold" - r.spent, 0);
    r.spent := r.spent + v_total;
    r."updatedAt" := clock_timestamp();
  END IF;
  debit := p_ins || jsonb_build_object('rest', v_rest);
END $$;

-- Writes one run's usage records and raises its spend (its Run row locked first); returns the debit
-- for usage_debit, NULL when no record is new.
CREATE FUNCTION usage_record_write(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run";
  s record;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN NULL; END IF;
  r := run_state_lock(p_run);
  s := usage_spend_on(r, p_run, (usage_record_insert_many(ARRAY[p_run], ARRAY[p_ws], ARRAY[p_proj], ARRAY[p_wf], ARRAY[p_items]))[1]);
  IF (s.debit->>'total')::bigint > 0 THEN PERFORM run_row_write(s.r); END IF;
  RETURN s.debit;
END $$;

-- The debits of several runs and what their ended runs' holds give back, on their workspaces'
-- balance rows: those rows locked in workspace order (one made at 0 for a debit if missing), the
-- ledger entries in one insert (per workspace, in the order of the runs given, then of each run's
-- items, each with the balance after it), then one update per workspace. p_debits[i]: run
-- p_runs[i]'s debit as usage_spend_on makes it (NULL: none); p_give_back[i]: what its hold gives
-- back to the workspace's held credits (0: nothing). Held credits never go below 0.
CREATE FUNCTION usage_debit_many(p_runs text[], p_ws text[], p_proj text[], p_wf text[], p_debits jsonb[], p_give_back bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_debit text[];
  v_touch text[];
BEGIN
  SELECT array_agg(DISTINCT u.ws ORDER BY u.ws) FILTER (WHERE coalesce((u.d->>'total')::bigint, 0) > 0),
         array_agg(DISTINCT u.ws ORDER BY u.ws) FILTER (WHERE coalesce((u.d->>'total')::bigint, 0) > 0 OR coalesce(u.g, 0) > 0)
    INTO v_debit, v_touch
    FROM unnest(p_ws, p_debits, p_give_back) AS u(ws, d, g);
  IF v_touch IS NULL THEN RETURN; END IF;
  IF v_debit IS NOT NULL THEN
    INSERT INTO "WorkspaceBalance" ("workspaceId", balance, held, "updatedAt")
    SELECT w, 0, 0, now() FROM unnest(v_debit) w WHERE NOT EXISTS (SELECT 1 FROM "WorkspaceBalance" b WHERE b."workspaceId" = w) ORDER BY w
    ON CONFLICT ("workspaceId") DO NOTHING;
  END IF;
  PERFORM 1 FROM "WorkspaceBalance" WHERE "workspaceId" = ANY(v_touch) ORDER BY "workspaceId" FOR UPDATE;
  IF v_debit IS NOT NULL THEN
    INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description, "createdAt")
    SELECT x."ledgerId", u.ws, 'usage', -x.charge, b.balance - sum(x.charge) OVER (PARTITION BY u.ws ORDER BY u.i, x.ord, x.id ROWS UNBOUNDED PRECEDING), 'usage_record', x.id,
           u.proj, u.wf, u.run, x.model, x.kind || ' usage', coalesce(x.at, now())
      FROM unnest(p_runs, p_ws, p_proj, p_wf, p_debits) WITH ORDINALITY AS u(run, ws, proj, wf, d, i)
     CROSS JOIN LATERAL jsonb_to_recordset(u.d->'items') AS x(id text, "ledgerId" text, model text, kind text, charge bigint, ord int, at timestamp)
      JOIN "WorkspaceBalance" b ON b."workspaceId" = u.ws
     WHERE coalesce((u.d->>'total')::bigint, 0) > 0
     ORDER BY u.i, x.ord, x.id;
  END IF;
  UPDATE "WorkspaceBalance" b
     SET balance = b.balance - t.total, held = GREATEST(b.held - t.released, 0), "updatedAt" = clock_timestamp()
    FROM (SELECT u.ws,
                 sum(CASE WHEN coalesce((u.d->>'total')::bigint, 0) > 0 THEN (u.d->>'total')::bigint ELSE 0 END) AS total,
                 sum(CASE WHEN coalesce((u.d->>'total')::bigint, 0) > 0 THEN LEAST((u.d->>'total')::bigint, (u.d->>'rest')::bigint) ELSE 0 END + GREATEST(coalesce(u.g, 0), 0)) AS released
            FROM unnest(p_ws, p_debits, p_give_back) AS u(ws, d, g) GROUP BY u.ws) t
   WHERE b."workspaceId" = t.ws AND (t.total > 0 OR t.released > 0);
END $$;

-- One run's debit (usage_record_write's answer; NULL or a total of 0: nothing).
CREATE OR REPLACE FUNCTION usage_debit(p_run text, p_ws text, p_proj text, p_wf text, p_debit jsonb) RETURNS void LANGUAGE sql AS $$
  SELECT usage_debit_many(ARRAY[p_run], ARRAY[p_ws], ARRAY[p_proj], ARRAY[p_wf], ARRAY[p_debit], ARRAY[0::bigint])
$$;

-- A checkpoint's checks and start, on its run's locked state: res NULL when the checkpoint goes on
-- (r: the state after the start, locked: the state as locked, events: run.started if this is the
-- first start, publish: its webhook event), else the answer that ends it with nothing written:
-- gone, lock_lost, terminal, slow (the caller takes its transaction path), gate_full. The checks
-- of the step rows are one statement: the rows given must follow the stored chain (the link
-- before the first, no other node's row at or after it), and a run that ends may leave no step open.
CREATE FUNCTION run_checkpoint_admit(p_run text, p_fenced boolean, p jsonb, OUT res jsonb, OUT r "Run", OUT locked "Run", OUT events jsonb, OUT publish jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  v_steps jsonb := coalesce(nullif(p->'steps', 'null'::jsonb), '[]'::jsonb);
  v_start jsonb := nullif(p->'start', 'null'::jsonb);
  v_finish boolean := nullif(p->'finish', 'null'::jsonb) IS NOT NULL;
  v_slow boolean;
  s record;
BEGIN
  events := '[]'::jsonb;
  r := run_state_lock(p_run);
  locked := r;
  IF r.id IS NULL THEN res := '{"result":"gone"}'; RETURN; END IF;
  IF NOT coalesce(p_fenced, false) THEN res := '{"result":"lock_lost"}'; RETURN; END IF;
  IF r.status IN ('succeeded', 'failed', 'canceled', 'budget_exceeded') THEN res := jsonb_build_object('result', 'terminal', 'status', r.status); RETURN; END IF;
  IF r."cancelRequestedAt" IS NOT NULL THEN res := '{"result":"slow"}'; RETURN; END IF;
  IF jsonb_array_length(v_steps) > 0 OR v_finish THEN
    WITH given AS (
      SELECT min((x->>'seq')::int) AS first, coalesce(array_agg(x->>'nodeId'), '{}') AS nodes, coalesce(bool_or(x->>'status' IN ('running', 'waiting_approval')), false) AS open
        FROM jsonb_array_elements(v_steps) x
    )
    SELECT (g.first IS NOT NULL
            AND ((SELECT hash FROM "RunStep" WHERE "runId" = p_run AND seq < g.first ORDER BY seq DESC LIMIT 1) IS DISTINCT FROM p->>'prev'
                 OR EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND seq >= g.first AND NOT ("nodeId" = ANY(g.nodes)))))
        OR (v_finish AND (g.open OR EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND status IN ('running', 'waiting_approval') AND NOT ("nodeId" = ANY(g.nodes)))))
      INTO v_slow FROM given g;
    IF v_slow THEN res := '{"result":"slow"}'; RETURN; END IF;
  END IF;
  IF v_start IS NOT NULL THEN
    s := run_start_on(r, p->>'proj', p->>'wf', (v_start->>'startedAt')::timestamp, (v_start->>'first')::boolean, v_start->>'eventId', v_start->'hookIds',
                      (p->>'now')::timestamp, NOT v_finish);
    IF s.events IS NULL THEN res := '{"result":"gate_full"}'; RETURN; END IF;
    r := s.r;
    events := s.events;
    publish := s.publish;
  END IF;
END $$;

-- The rest of an admitted checkpoint, on its run's state: the spend (p_usage: its new usage
-- records), the end (run_finish_on) and the hold's release, the events numbered (p_started: the
-- start's, then the plan's, then the end's). res: the answer {result ok, spent} (its notices are
-- added by run_events_announce); debit and give_back: what the balance settles; base and events:
-- the rows run_events_insert_many writes; publish: the end's webhook event; changed: the Run row
-- is to be written (the state differs from the row as locked, or the run ended).
CREATE FUNCTION run_checkpoint_apply(INOUT r "Run", p_locked "Run", p jsonb, p_started jsonb, p_usage jsonb,
                                     OUT res jsonb, OUT debit jsonb, OUT give_back bigint, OUT base int, OUT events jsonb, OUT publish jsonb, OUT changed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  v_finish jsonb := nullif(p->'finish', 'null'::jsonb);
  v_ended jsonb;
  s record;
BEGIN
  give_back := 0;
  s := usage_spend_on(r, r.id, p_usage);
  r := s.r;
  debit := s.debit;
  events := p_started || coalesce(nullif(p->'events', 'null'::jsonb), '[]'::jsonb);
  IF v_finish IS NOT NULL THEN
    s := run_finish_on(r, p->>'ws', p->>'proj', v_finish->>'status', nullif(v_finish->'output', 'null'::jsonb), coalesce((v_finish->>'hasOutput')::boolean, false),
                       nullif(v_finish->'error', 'null'::jsonb), nullif(v_finish->'audit', 'null'::jsonb), v_finish->>'eventId', v_finish->'hookIds',
                       (p->>'now')::timestamp);
    r := s.r;
    v_ended := s.event;
    publish := s.publish;
    IF v_ended IS NOT NULL THEN events := events || jsonb_build_array(v_ended); END IF;
  END IF;
  s := run_events_number_on(r, events);
  r := s.r;
  base := s.base;
  res := jsonb_build_object('result', 'ok', 'spent', r.spent::text);
  IF v_ended IS NOT NULL THEN
    s := run_hold_release_on(r);
    r := s.r;
    give_back := s.give_back;
    changed := true;
  ELSE
    changed := r IS DISTINCT FROM p_locked;
  END IF;
END $$;

-- Checkpoints of several runs (each Run row locked by the caller, its fence p_fenced[i] evaluated
-- under that lock), in the order given: by workspace, then run id (lib/runs/engine/checkpoint.ts),
-- so the workspaces' gates are taken in that order. Each run's checks and start, then the usage
-- records of all runs admitted (one insert), each one's spend, end and events, then one statement
-- for them all per kind of write: step rows, events (and their NOTIFYs), webhook deliveries, Run
-- rows, and last the balance rows (ledger entries and one update per workspace). Returns one
-- answer per run, in the order given. A run given twice fails the statement (the caller then sends
-- each checkpoint alone).
CREATE FUNCTION run_checkpoint_many(p_runs text[], p_fenced boolean[], p jsonb[]) RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
  n int := cardinality(p_runs);
  v_out jsonb[] := '{}';
  v_state "Run"[] := '{}';
  v_locked "Run"[] := '{}';
  v_started jsonb[] := '{}';
  v_ws text[] := '{}';
  v_proj text[] := '{}';
  v_wf text[] := '{}';
  v_items jsonb[] := '{}';
  v_usage jsonb[];
  v_steps jsonb[] := '{}';
  v_row_ws text[] := '{}';
  v_base int[] := '{}';
  v_events jsonb[] := '{}';
  v_now timestamp[] := '{}';
  v_notify boolean[] := '{}';
  v_notices jsonb[];
  v_publish jsonb[] := '{}';
  v_debits jsonb[] := '{}';
  v_give_back bigint[] := '{}';
  v_write "Run"[] := '{}';
  a record;
  i int;
BEGIN
  IF n > (SELECT count(DISTINCT x) FROM unnest(p_runs) x) THEN RAISE EXCEPTION 'a run is given twice in one checkpoint batch'; END IF;
  FOR i IN 1 .. n LOOP
    a := run_checkpoint_admit(p_runs[i], p_fenced[i], p[i]);
    v_out := v_out || a.res;
    v_state := v_state || a.r;
    v_locked := v_locked || a.locked;
    v_started := v_started || a.events;
    v_ws := v_ws || (p[i]->>'ws');
    v_proj := v_proj || (p[i]->>'proj');
    v_wf := v_wf || (p[i]->>'wf');
    v_items := v_items || CASE WHEN a.res IS NULL THEN nullif(p[i]->'usage', 'null'::jsonb) END;
    IF a.publish IS NOT NULL THEN v_publish := v_publish || a.publish; END IF;
  END LOOP;
  v_usage := usage_record_insert_many(p_runs, v_ws, v_proj, v_wf, v_items);
  FOR i IN 1 .. n LOOP
    IF v_out[i] IS NOT NULL THEN
      v_steps := v_steps || NULL::jsonb;
      v_row_ws := v_row_ws || NULL::text;
      v_base := v_base || NULL::int;
      v_events := v_events || NULL::jsonb;
      v_now := v_now || NULL::timestamp;
      v_notify := v_notify || false;
      v_debits := v_debits || NULL::jsonb;
      v_give_back := v_give_back || 0::bigint;
      CONTINUE;
    END IF;
    a := run_checkpoint_apply(v_state[i], v_locked[i], p[i], v_started[i], v_usage[i]);
    v_out[i] := a.res;
    v_steps := v_steps || nullif(p[i]->'steps', 'null'::jsonb);
    v_row_ws := v_row_ws || (a.r)."workspaceId";
    v_base := v_base || a.base;
    v_events := v_events || a.events;
    v_now := v_now || (p[i]->>'now')::timestamp;
    v_notify := v_notify || coalesce((p[i]->>'notify')::boolean, true);
    v_debits := v_debits || a.debit;
    v_give_back := v_give_back || a.give_back;
    IF a.publish IS NOT NULL THEN v_publish := v_publish || a.publish; END IF;
    IF a.changed THEN v_write := v_write || a.r; END IF;
  END LOOP;
  PERFORM run_steps_write_many(p_runs, v_ws, v_proj, v_steps);
  PERFORM run_events_insert_many(p_runs, v_row_ws, v_proj, v_base, v_events, v_now);
  v_notices := run_events_announce(p_runs, v_row_ws, v_proj, v_base, v_events, v_notify);
  FOR i IN 1 .. n LOOP
    IF v_out[i]->>'result' = 'ok' THEN v_out[i] := v_out[i] || jsonb_build_object('notices', v_notices[i]); END IF;
  END LOOP;
  IF cardinality(v_publish) > 0 THEN PERFORM webhook_events_publish(v_publish); END IF;
  IF cardinality(v_write) > 0 THEN PERFORM run_rows_write(v_write); END IF;
  PERFORM usage_debit_many(p_runs, v_ws, v_proj, v_wf, v_debits, v_give_back);
  RETURN v_out;
END $$;

-- One checkpoint (the caller's statement locked the Run row and evaluated the fence under it).
CREATE FUNCTION run_checkpoint(p_run text, p_fenced boolean, p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
BEGIN
  RETURN (run_checkpoint_many(ARRAY[p_run], ARRAY[p_fenced], ARRAY[p]))[1];
END $$;

-- Several runs' checkpoints in one statement and one commit (a worker's checkpoints that came due
-- together, lib/runs/engine/checkpoint.ts), given sorted by workspace then run id. Lock order as
-- everywhere: the Run rows (by id), then the workspaces' gates and balance rows (by workspace).
-- The fence of every run is evaluated once its Run row is locked, with one look at pg_locks.
CREATE FUNCTION run_checkpoint_batch(p_runs text[], p_pids int[], p_k1 int[], p_k2 bigint[], p jsonb[]) RETURNS jsonb[] LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "Run" WHERE id = ANY(p_runs) ORDER BY id FOR UPDATE;
  RETURN run_checkpoint_many(p_runs, run_locks_held(p_pids, p_k1, p_k2), p);
END $$;
