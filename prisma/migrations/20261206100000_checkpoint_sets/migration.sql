-- A group-committed batch of checkpoints writes each table once (issue 18 §2). The batch
-- (run_checkpoint_batch) applied its runs one by one, and each run's checkpoint made its own
-- inserts: step rows, events, usage records, ledger entries, each a statement of its own (with, for
-- the step rows, a statement trigger and a SQL function planned again on every call), then its own
-- Run update and balance update. pg_stat_statements over 3,000 `hello` runs put those statements at
-- about half of the checkpoint's time. Now the rules that decide stay per run (fence, gate, finish,
-- spend, event numbering), and the rows they produce are written for the whole batch at once: one
-- statement per table. One checkpoint (run_checkpoint) is a batch of one: the same code.
-- Every writer of the same rows outside the checkpoint goes through the same set-based functions
-- (run_row_write, run_steps_write, run_events_append, usage_record_write, usage_debit are now
-- each a batch of one), so each rule still exists once.

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
-- the number before the first), with ONE NOTIFY on run_events for them (chunks of 80 keep a
-- payload under NOTIFY's 8000 bytes): {"runId","workspaceId","projectId","events":[{"seq","type",
-- "status"?}]}. notices: those events' {seq, type, status?}. The rows are inserted by
-- run_events_insert_many (with the other runs' of a batch).
CREATE FUNCTION run_events_number_on(INOUT r "Run", p_proj text, p_events jsonb, p_notify boolean, OUT notices jsonb, OUT base int) LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(jsonb_array_length(p_events), 0);
  v_chunk jsonb;
BEGIN
  notices := '[]'::jsonb;
  base := r."lastEventSeq";
  IF n = 0 THEN RETURN; END IF;
  IF r.id IS NULL THEN RAISE EXCEPTION 'run not found while appending its events'; END IF;
  r."lastEventSeq" := base + n;
  SELECT jsonb_agg(jsonb_build_object('seq', base + e.ord::int, 'type', e.v->>'type')
                   || CASE WHEN e.v->>'status' IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('status', e.v->>'status') END ORDER BY e.ord)
    INTO notices FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(v, ord);
  IF p_notify THEN
    FOR v_chunk IN
      SELECT jsonb_agg(x ORDER BY i) FROM jsonb_array_elements(notices) WITH ORDINALITY AS a(x, i) GROUP BY (i - 1) / 80 ORDER BY (i - 1) / 80
    LOOP
      PERFORM pg_notify('run_events', jsonb_build_object('runId', r.id, 'workspaceId', r."workspaceId", 'projectId', p_proj, 'events', v_chunk)::text);
    END LOOP;
  END IF;
END $$;

-- Numbered events of several runs in one insert: run p_runs[i]'s events p_events[i] (NULL: none)
-- get the numbers p_base[i] + 1, + 2, ….
CREATE FUNCTION run_events_insert_many(p_runs text[], p_ws text[], p_proj text[], p_base int[], p_events jsonb[], p_now timestamp[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
  SELECT u.run, u.base + e.ord::int, u.ws, u.proj, e.v->>'type', e.v->>'nodeId', coalesce(nullif(e.v->'data', 'null'::jsonb), '{}'::jsonb), u.at
    FROM unnest(p_runs, p_ws, p_proj, p_base, p_events, p_now) AS u(run, ws, proj, base, events, at)
   CROSS JOIN LATERAL jsonb_array_elements(u.events) WITH ORDINALITY AS e(v, ord)
$$;

-- Appends events to one run (lib/runs/events.ts), numbered on its locked row; returns the notices.
CREATE FUNCTION run_events_append(p_run text, p_ws text, p_proj text, p_events jsonb, p_now timestamp, p_notify boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run";
  s record;
BEGIN
  IF coalesce(jsonb_array_length(p_events), 0) = 0 THEN RETURN '[]'::jsonb; END IF;
  r := run_state_lock(p_run);
  IF r.id IS NULL THEN RAISE EXCEPTION 'run % not found while appending its events', p_run; END IF;
  s := run_events_number_on(r, p_proj, p_events, p_notify);
  PERFORM run_events_insert_many(ARRAY[p_run], ARRAY[r."workspaceId"], ARRAY[p_proj], ARRAY[s.base], ARRAY[p_events], ARRAY[p_now]);
  PERFORM run_row_write(s.r);
  RETURN s.notices;
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
-- first start), else the answer that ends it with nothing written: gone, lock_lost, terminal,
-- slow (the caller takes its transaction path), gate_full.
CREATE FUNCTION run_checkpoint_admit(p_run text, p_fenced boolean, p jsonb, OUT res jsonb, OUT r "Run", OUT locked "Run", OUT events jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_steps jsonb := coalesce(nullif(p->'steps', 'null'::jsonb), '[]'::jsonb);
  v_start jsonb := nullif(p->'start', 'null'::jsonb);
  v_finish boolean := nullif(p->'finish', 'null'::jsonb) IS NOT NULL;
  v_from int;
  v_nodes text[] := '{}';
  v_open boolean := false;
  v_prev text;
  s record;
BEGIN
  events := '[]'::jsonb;
  r := run_state_lock(p_run);
  locked := r;
  IF r.id IS NULL THEN res := '{"result":"gone"}'; RETURN; END IF;
  IF NOT coalesce(p_fenced, false) THEN res := '{"result":"lock_lost"}'; RETURN; END IF;
  IF r.status IN ('succeeded', 'failed', 'canceled', 'budget_exceeded') THEN res := jsonb_build_object('result', 'terminal', 'status', r.status); RETURN; END IF;
  IF r."cancelRequestedAt" IS NOT NULL THEN res := '{"result":"slow"}'; RETURN; END IF;
  IF jsonb_array_length(v_steps) > 0 THEN
    SELECT min((x->>'seq')::int), array_agg(x->>'nodeId'), bool_or(x->>'status' IN ('running', 'waiting_approval'))
      INTO v_from, v_nodes, v_open FROM jsonb_array_elements(v_steps) x;
    SELECT hash INTO v_prev FROM "RunStep" WHERE "runId" = p_run AND seq < v_from ORDER BY seq DESC LIMIT 1;
    IF v_prev IS DISTINCT FROM p->>'prev'
       OR EXISTS (SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND seq >= v_from AND NOT ("nodeId" = ANY(v_nodes))) THEN
      res := '{"result":"slow"}'; RETURN;
    END IF;
  END IF;
  IF v_finish AND (v_open OR EXISTS (
       SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND status IN ('running', 'waiting_approval') AND NOT ("nodeId" = ANY(v_nodes)))) THEN
    res := '{"result":"slow"}'; RETURN;
  END IF;
  IF v_start IS NOT NULL THEN
    SELECT * INTO s FROM run_start_on(r, p->>'proj', p->>'wf', (v_start->>'startedAt')::timestamp, (v_start->>'first')::boolean, v_start->>'eventId',
                                      ARRAY(SELECT jsonb_array_elements_text(v_start->'hookIds')), (p->>'now')::timestamp, NOT v_finish);
    IF s.events IS NULL THEN res := '{"result":"gate_full"}'; RETURN; END IF;
    r := s.r;
    events := s.events;
  END IF;
END $$;

-- The rest of an admitted checkpoint, on its run's state: the spend (p_usage: its new usage
-- records), the end (run_finish_on) and the hold's release, the events numbered (p_started: the
-- start's, then the plan's, then the end's). res: the answer {result ok, spent, notices}; debit
-- and give_back: what the balance settles; base and events: the rows run_events_insert_many
-- writes; changed: the Run row is to be written (the state differs from the row as locked, or the run ended).
CREATE FUNCTION run_checkpoint_apply(INOUT r "Run", p_locked "Run", p jsonb, p_started jsonb, p_usage jsonb,
                                     OUT res jsonb, OUT debit jsonb, OUT give_back bigint, OUT base int, OUT events jsonb, OUT changed boolean) LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamp := (p->>'now')::timestamp;
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
    SELECT * INTO s FROM run_finish_on(r, p->>'ws', p->>'proj', v_finish->>'status', nullif(v_finish->'output', 'null'::jsonb), coalesce((v_finish->>'hasOutput')::boolean, false),
                                       nullif(v_finish->'error', 'null'::jsonb), nullif(v_finish->'audit', 'null'::jsonb), v_finish->>'eventId',
                                       ARRAY(SELECT jsonb_array_elements_text(v_finish->'hookIds')), v_now);
    r := s.r;
    v_ended := s.event;
    IF v_ended IS NOT NULL THEN events := events || jsonb_build_array(v_ended); END IF;
  END IF;
  s := run_events_number_on(r, p->>'proj', events, coalesce((p->>'notify')::boolean, true));
  r := s.r;
  base := s.base;
  res := jsonb_build_object('result', 'ok', 'spent', r.spent::text, 'notices', s.notices);
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
-- per table for them all: step rows, events, Run rows, and last the balance rows (ledger entries
-- and one update per workspace). Returns one answer per run, in the order given. A run given twice
-- fails the statement (the caller then sends each checkpoint alone).
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
  END LOOP;
  v_usage := usage_record_insert_many(p_runs, v_ws, v_proj, v_wf, v_items);
  FOR i IN 1 .. n LOOP
    IF v_out[i] IS NOT NULL THEN
      v_steps := v_steps || NULL::jsonb;
      v_row_ws := v_row_ws || NULL::text;
      v_base := v_base || NULL::int;
      v_events := v_events || NULL::jsonb;
      v_now := v_now || NULL::timestamp;
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
    v_debits := v_debits || a.debit;
    v_give_back := v_give_back || a.give_back;
    IF a.changed THEN v_write := v_write || a.r; END IF;
  END LOOP;
  PERFORM run_steps_write_many(p_runs, v_ws, v_proj, v_steps);
  PERFORM run_events_insert_many(p_runs, v_row_ws, v_proj, v_base, v_events, v_now);
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
