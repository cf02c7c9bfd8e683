-- One update of the Run row per checkpoint (issue 18 §2). A `hello` run's checkpoint updated its
-- Run row five times (run_start: status and startedAt; usage_record_write: spent; run_finish: status
-- and finishedAt; run_events_append: lastEventSeq; run_hold_release: creditHold), each a new row
-- version, three of them firing the stats rollup trigger and the two status changes rewriting
-- every index of Run. Now each of those rules is a function of the run's state held in memory
-- (`…_on(INOUT r "Run", …)`): it changes `r` instead of the row, and whoever locked the row writes
-- it once at the end (run_row_write). The functions other callers use keep their signatures and
-- behaviour: each locks the row (run_state_lock), applies its rule, writes the row once.
-- The state carries only the columns these rules read or write; output and error are NULL in it
-- unless a rule set them (NULL: leave the column as it is, as run_finish always did).
-- The Run row is written before the workspace's balance row is taken (the debit and the hold's
-- give-back stay the transaction's last writes), so the balance row is held for less time.

-- The Run row locked for this transaction, as the rules' state (id NULL: no such run).
CREATE FUNCTION run_state_lock(p_run text) RETURNS "Run" LANGUAGE plpgsql AS $$
DECLARE r "Run";
BEGIN
  SELECT id, "workspaceId", "projectId", "workflowId", "versionNumber", status, "creditHold", spent, "cancelRequestedAt", "lastEventSeq", "startedAt", "finishedAt", "updatedAt"
    INTO r.id, r."workspaceId", r."projectId", r."workflowId", r."versionNumber", r.status, r."creditHold", r.spent, r."cancelRequestedAt", r."lastEventSeq", r."startedAt",
         r."finishedAt", r."updatedAt"
    FROM "Run" WHERE id = p_run FOR UPDATE;
  RETURN r;
END $$;

-- Writes a state back: ONE update of the row (the caller holds its lock since run_state_lock). The
-- checkpoint writes only a state that changed (a checkpoint with nothing for the row leaves it).
CREATE FUNCTION run_row_write(r "Run") RETURNS void LANGUAGE sql AS $$
  UPDATE "Run" SET status = r.status, "startedAt" = r."startedAt", "finishedAt" = r."finishedAt", spent = r.spent, "creditHold" = r."creditHold",
         "lastEventSeq" = r."lastEventSeq", "updatedAt" = r."updatedAt", output = coalesce(r.output, output), error = coalesce(r.error, error)
   WHERE id = r.id
$$;

-- run_start's rule on a state: the concurrency gate (taken when the run holds a slot after this
-- commit, else only checked), status running, and on the first start run.started with its webhook.
-- events NULL: the gate is full and r is unchanged.
CREATE FUNCTION run_start_on(INOUT r "Run", p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids text[], p_now timestamp,
                             p_holds_slot boolean, OUT events jsonb) LANGUAGE plpgsql AS $$
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
  PERFORM webhook_event_publish(r."workspaceId", p_proj, 'run.started', v_data, p_event_id, p_hook_ids, p_now);
  events := jsonb_build_array(jsonb_build_object('type', 'run.started', 'data', v_data, 'status', 'running'));
END $$;

CREATE OR REPLACE FUNCTION run_start(p_run text, p_ws text, p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids text[], p_now timestamp,
                                     p_holds_slot boolean DEFAULT true) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run" := run_state_lock(p_run);
  s record;
BEGIN
  IF r.id IS NULL THEN RETURN NULL; END IF;
  SELECT * INTO s FROM run_start_on(r, p_proj, p_wf, p_started_at, p_first, p_event_id, p_hook_ids, p_now, p_holds_slot);
  IF s.events IS NULL THEN RETURN NULL; END IF;
  PERFORM run_row_write(s.r);
  RETURN s.events;
END $$;

-- usage_record_write's rule on a state: the records written (idempotent by their key) and the
-- run's spend raised by the new ones' charges. debit: what usage_debit takes ({fresh, total, rest,
-- items}, rest being what was left of the run's hold before), NULL when no record is new.
CREATE FUNCTION usage_record_write_on(INOUT r "Run", p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb, OUT debit jsonb) LANGUAGE plpgsql AS $$
DECLARE
  v_fresh jsonb;
  v_new jsonb;
  v_total bigint;
  v_rest bigint := 0;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN; END IF;
  WITH t AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS x(ord int, id text, "ledgerId" text, key text, "nodeId" text, attempt int, kind text, provider text, model text,
                                                   "keySource" text, "tokensIn" int, "tokensOut" int, cost bigint, charge bigint, estimated boolean, at timestamp)
  ), ins AS (
    INSERT INTO "UsageRecord" (id, "workspaceId", "projectId", "runId", "workflowId", "nodeId", attempt, kind, provider, model, "keySource", "tokensIn", "tokensOut",
                               cost, charge, estimated, "idempotencyKey", "createdAt")
    SELECT id, p_ws, p_proj, p_run, p_wf, "nodeId", attempt, kind, provider, model, "keySource", coalesce("tokensIn", 0), coalesce("tokensOut", 0), coalesce(cost, 0),
           charge, coalesce(estimated, false), key, coalesce(at, now()) FROM t
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT jsonb_agg(t.id ORDER BY t.ord),
         jsonb_agg(jsonb_build_object('id', t.id, 'ledgerId', t."ledgerId", 'model', t.model, 'kind', t.kind, 'charge', t.charge, 'ord', t.ord, 'at', t.at) ORDER BY t.ord)
           FILTER (WHERE t.charge > 0),
         coalesce(sum(t.charge) FILTER (WHERE t.charge > 0), 0)::bigint
    INTO v_fresh, v_new, v_total FROM t JOIN ins USING (id);
  IF v_fresh IS NULL THEN RETURN; END IF;
  IF v_total > 0 THEN
    IF r.id IS NULL THEN RAISE EXCEPTION 'charging run %: the run does not exist', p_run; END IF;
    v_rest := GREATEST(r."creditHold" - r.spent, 0);
    r.spent := r.spent + v_total;
    r."updatedAt" := clock_timestamp();
  END IF;
  debit := jsonb_build_object('fresh', v_fresh, 'total', v_total, 'rest', v_rest, 'items', coalesce(v_new, '[]'::jsonb));
END $$;

CREATE OR REPLACE FUNCTION usage_record_write(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run";
  s record;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN NULL; END IF;
  r := run_state_lock(p_run);
  SELECT * INTO s FROM usage_record_write_on(r, p_run, p_ws, p_proj, p_wf, p_items);
  IF (s.debit->>'total')::bigint > 0 THEN PERFORM run_row_write(s.r); END IF;
  RETURN s.debit;
END $$;

-- run_hold_release's rule on a state: the hold zeroed (idempotent), and give_back, what the run did
-- not spend of it, for run_hold_give_back to take off the workspace's held credits — after the Run
-- row is written, so the balance row is locked only for the end of the transaction.
CREATE FUNCTION run_hold_release_on(INOUT r "Run", OUT give_back bigint) LANGUAGE plpgsql AS $$
BEGIN
  give_back := 0;
  IF r.id IS NULL OR r."creditHold" <= 0 THEN RETURN; END IF;
  give_back := GREATEST(r."creditHold" - r.spent, 0);
  r."creditHold" := 0;
  r."updatedAt" := clock_timestamp();
END $$;

CREATE FUNCTION run_hold_give_back(p_ws text, p_amount bigint) RETURNS void LANGUAGE sql AS $$
  UPDATE "WorkspaceBalance" SET held = GREATEST(held - p_amount, 0), "updatedAt" = clock_timestamp() WHERE "workspaceId" = p_ws AND p_amount > 0
$$;

CREATE OR REPLACE FUNCTION run_hold_release(p_run text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  r "Run" := run_state_lock(p_run);
  h record;
BEGIN
  IF r.id IS NULL OR r."creditHold" <= 0 THEN RETURN; END IF;
  SELECT * INTO h FROM run_hold_release_on(r);
  PERFORM run_row_write(h.r);
  PERFORM run_hold_give_back(r."workspaceId", h.give_back);
END $$;

-- run_events_append's rule on a state: the events appended in order (sequence numbers from the
-- state's lastEventSeq) with ONE NOTIFY on run_events (chunks of 80 keep a payload under NOTIFY's
-- 8000 bytes): {"runId","workspaceId","projectId","events":[{"seq","type","status"?}]}. notices:
-- those events' {seq, type, status?}.
CREATE FUNCTION run_events_append_on(INOUT r "Run", p_proj text, p_events jsonb, p_now timestamp, p_notify boolean, OUT notices jsonb) LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(jsonb_array_length(p_events), 0);
  v_base int := r."lastEventSeq";
  v_chunk jsonb;
BEGIN
  notices := '[]'::jsonb;
  IF n = 0 THEN RETURN; END IF;
  IF r.id IS NULL THEN RAISE EXCEPTION 'run not found while appending its events'; END IF;
  r."lastEventSeq" := v_base + n;
  INSERT INTO "RunEvent" ("runId", seq, "workspaceId", "projectId", type, "nodeId", data, "createdAt")
  SELECT r.id, v_base + e.ord::int, r."workspaceId", p_proj, e.v->>'type', e.v->>'nodeId', coalesce(nullif(e.v->'data', 'null'::jsonb), '{}'::jsonb), p_now
    FROM jsonb_array_elements(p_events) WITH ORDINALITY AS e(v, ord);
  SELECT jsonb_agg(jsonb_build_object('seq', v_base + e.ord::int, 'type', e.v->>'type')
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

CREATE OR REPLACE FUNCTION run_events_append(p_run text, p_ws text, p_proj text, p_events jsonb, p_now timestamp, p_notify boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r "Run";
  s record;
BEGIN
  IF coalesce(jsonb_array_length(p_events), 0) = 0 THEN RETURN '[]'::jsonb; END IF;
  r := run_state_lock(p_run);
  IF r.id IS NULL THEN RAISE EXCEPTION 'run % not found while appending its events', p_run; END IF;
  SELECT * INTO s FROM run_events_append_on(r, p_proj, p_events, p_now, p_notify);
  PERFORM run_row_write(s.r);
  RETURN s.notices;
END $$;

-- run_finish's rule on a state: the one way a run reaches a terminal status (event NULL and r
-- unchanged when it is already terminal, or not of workspace p_ws), pending approvals of a run
-- that did not succeed canceled (a gateway call's approval outlives its run), the run.<status>
-- webhook, and for failed / budget_exceeded the audit entry p_audit (made by lib/audit, the run's
-- workflowId added to its metadata). The hold is released by the caller (run_hold_release_on), the
-- steps left open closed by it too (their receipt links are computed in TypeScript). event: the
-- run.<status> event for the caller to append with its others.
CREATE FUNCTION run_finish_on(INOUT r "Run", p_ws text, p_proj text, p_status text, p_output jsonb, p_has_output boolean, p_error jsonb, p_audit jsonb,
                              p_event_id text, p_hook_ids text[], p_now timestamp, OUT event jsonb) LANGUAGE plpgsql AS $$
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
  PERFORM webhook_event_publish(p_ws, p_proj, 'run.' || p_status, v_data, p_event_id, p_hook_ids, p_now);
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
  SELECT * INTO s FROM run_finish_on(r, p_ws, p_proj, p_status, p_output, p_has_output, p_error, p_audit, p_event_id, p_hook_ids, p_now);
  IF s.event IS NULL THEN RETURN NULL; END IF;
  IF NOT p_release THEN
    PERFORM run_row_write(s.r);
    RETURN s.event;
  END IF;
  SELECT * INTO h FROM run_hold_release_on(s.r);
  PERFORM run_row_write(h.r);
  PERFORM run_hold_give_back(p_ws, h.give_back);
  RETURN s.event;
END $$;

-- The checkpoint, now on one state per run: run_checkpoint_apply does everything but the balance
-- and returns the run's state with its result; run_checkpoint_write releases the hold of a run that
-- ended and writes the Run row, once; run_checkpoint_settle then takes the balance row, last: the
-- debit and what the hold gives back.
DROP FUNCTION run_checkpoint_batch(text[], int[], int[], bigint[], jsonb[]);
DROP FUNCTION run_checkpoint(text, boolean, jsonb);
DROP FUNCTION run_checkpoint_settle(text, jsonb, jsonb);
DROP FUNCTION run_checkpoint_apply(text, boolean, jsonb);

CREATE FUNCTION run_checkpoint_apply(p_run text, p_fenced boolean, p jsonb, OUT res jsonb, OUT r "Run") LANGUAGE plpgsql AS $$
DECLARE
  v_now timestamp := (p->>'now')::timestamp;
  v_ws text := p->>'ws';
  v_proj text := p->>'proj';
  v_steps jsonb := coalesce(nullif(p->'steps', 'null'::jsonb), '[]'::jsonb);
  v_start jsonb := nullif(p->'start', 'null'::jsonb);
  v_finish jsonb := nullif(p->'finish', 'null'::jsonb);
  v_events jsonb := '[]'::jsonb;
  v_ended jsonb;
  v_from int;
  v_nodes text[] := '{}';
  v_open boolean := false;
  v_prev text;
  v_debit jsonb;
  v_read "Run";
  s record;
BEGIN
  r := run_state_lock(p_run);
  v_read := r;
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
  IF v_finish IS NOT NULL AND (v_open OR EXISTS (
       SELECT 1 FROM "RunStep" WHERE "runId" = p_run AND status IN ('running', 'waiting_approval') AND NOT ("nodeId" = ANY(v_nodes)))) THEN
    res := '{"result":"slow"}'; RETURN;
  END IF;

  IF v_start IS NOT NULL THEN
    SELECT * INTO s FROM run_start_on(r, v_proj, p->>'wf', (v_start->>'startedAt')::timestamp, (v_start->>'first')::boolean, v_start->>'eventId',
                                      ARRAY(SELECT jsonb_array_elements_text(v_start->'hookIds')), v_now, v_finish IS NULL);
    IF s.events IS NULL THEN res := '{"result":"gate_full"}'; RETURN; END IF;
    r := s.r;
    v_events := v_events || s.events;
  END IF;
  IF jsonb_array_length(v_steps) > 0 THEN PERFORM run_steps_write(p_run, v_ws, v_proj, v_steps); END IF;
  v_events := v_events || coalesce(nullif(p->'events', 'null'::jsonb), '[]'::jsonb);
  SELECT * INTO s FROM usage_record_write_on(r, p_run, v_ws, v_proj, p->>'wf', nullif(p->'usage', 'null'::jsonb));
  r := s.r;
  v_debit := s.debit;
  IF v_finish IS NOT NULL THEN
    SELECT * INTO s FROM run_finish_on(r, v_ws, v_proj, v_finish->>'status', nullif(v_finish->'output', 'null'::jsonb), coalesce((v_finish->>'hasOutput')::boolean, false),
                                       nullif(v_finish->'error', 'null'::jsonb), nullif(v_finish->'audit', 'null'::jsonb), v_finish->>'eventId',
                                       ARRAY(SELECT jsonb_array_elements_text(v_finish->'hookIds')), v_now);
    r := s.r;
    v_ended := s.event;
    IF v_ended IS NOT NULL THEN v_events := v_events || jsonb_build_array(v_ended); END IF;
  END IF;
  SELECT * INTO s FROM run_events_append_on(r, v_proj, v_events, v_now, coalesce((p->>'notify')::boolean, true));
  r := s.r;
  res := jsonb_build_object('result', 'ok', 'spent', r.spent::text, 'notices', s.notices, 'debit', v_debit, 'release', v_ended IS NOT NULL,
                            'write', r IS DISTINCT FROM v_read);
END $$;

-- The Run row written once with all of a checkpoint's changes (unless nothing changed), the hold of
-- a run that ended released in it. Returns what goes back to the workspace's held credits.
CREATE FUNCTION run_checkpoint_write(r "Run", p_applied jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE h record;
BEGIN
  IF p_applied->>'result' IS DISTINCT FROM 'ok' THEN RETURN 0; END IF;
  IF (p_applied->>'release')::boolean THEN
    SELECT * INTO h FROM run_hold_release_on(r);
    PERFORM run_row_write(h.r);
    RETURN h.give_back;
  END IF;
  IF (p_applied->>'write')::boolean THEN PERFORM run_row_write(r); END IF;
  RETURN 0;
END $$;

-- What a checkpoint leaves for the end of its transaction: the debit and the hold's give-back (the
-- workspace's balance row locked only for them and the commit).
CREATE FUNCTION run_checkpoint_settle(p_run text, p jsonb, p_applied jsonb, p_give_back bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_applied->>'result' IS DISTINCT FROM 'ok' THEN RETURN; END IF;
  PERFORM usage_debit(p_run, p->>'ws', p->>'proj', p->>'wf', nullif(p_applied->'debit', 'null'::jsonb));
  PERFORM run_hold_give_back(p->>'ws', p_give_back);
END $$;

-- One checkpoint (the caller's statement locked the Run row and evaluated the fence under it).
CREATE FUNCTION run_checkpoint(p_run text, p_fenced boolean, p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE a record;
BEGIN
  SELECT * INTO a FROM run_checkpoint_apply(p_run, p_fenced, p);
  PERFORM run_checkpoint_settle(p_run, p, a.res, run_checkpoint_write(a.r, a.res));
  RETURN a.res - 'debit' - 'release' - 'write';
END $$;

-- Several runs' checkpoints in one statement and one commit (a worker's checkpoints that came due
-- together, lib/runs/engine/checkpoint.ts), given sorted by workspace then run id. Lock order as
-- everywhere: the Run rows (by id), then the workspaces' gates and balance rows (by workspace),
-- every debit after every other write, the Run rows' own updates included. The fence of every run is evaluated once its Run row is
-- locked, with one look at pg_locks. Returns one result per run, in the order given; a failure
-- fails the statement (the caller then sends each one alone).
CREATE FUNCTION run_checkpoint_batch(p_runs text[], p_pids int[], p_k1 int[], p_k2 bigint[], p jsonb[]) RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
  v_fenced boolean[];
  v_out jsonb[] := '{}';
  v_rows "Run"[] := '{}';
  v_give_back bigint[] := '{}';
  a record;
  i int;
BEGIN
  PERFORM 1 FROM "Run" WHERE id = ANY(p_runs) ORDER BY id FOR UPDATE;
  v_fenced := run_locks_held(p_pids, p_k1, p_k2);
  FOR i IN 1 .. cardinality(p_runs) LOOP
    SELECT * INTO a FROM run_checkpoint_apply(p_runs[i], v_fenced[i], p[i]);
    v_out := v_out || a.res;
    v_rows := v_rows || a.r;
  END LOOP;
  FOR i IN 1 .. cardinality(p_runs) LOOP
    v_give_back := v_give_back || run_checkpoint_write(v_rows[i], v_out[i]);
  END LOOP;
  FOR i IN 1 .. cardinality(p_runs) LOOP
    PERFORM run_checkpoint_settle(p_runs[i], p[i], v_out[i], v_give_back[i]);
    v_out[i] := v_out[i] - 'debit' - 'release' - 'write';
  END LOOP;
  RETURN v_out;
END $$;

-- The stats rollup of step latencies (migration run_stats_rollup) counted each new finished step
-- with a row trigger: a checkpoint writing a run's three steps made three trigger calls, three
-- look-ups of the run and three single-row inserts. It is now one statement-level trigger per
-- insert statement: one look-up join and one insert, the steps of the same run, node type and
-- latency grouped into one delta row (the same sums). Updates and deletes keep their row triggers.
CREATE FUNCTION run_stats_rollup_steps_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "RunLatencyDelta" ("workspaceId", "projectId", "workflowId", hour, "nodeType", "latencyMs", count)
  SELECT s."workspaceId", s."projectId", r."workflowId", date_trunc('hour', r."createdAt"), s."nodeType", run_stats_latency_bucket(s."latencyMs"), count(*)::int
    FROM new_steps s
    JOIN "Run" r ON r.id = s."runId" AND r."workspaceId" = s."workspaceId" AND r."projectId" = s."projectId"
   WHERE s."latencyMs" IS NOT NULL AND s.status IN ('succeeded', 'failed')
   GROUP BY 1, 2, 3, 4, 5, 6;
  RETURN NULL;
END $$;

DROP TRIGGER run_stats_rollup_insert ON "RunStep";
CREATE TRIGGER run_stats_rollup_insert AFTER INSERT ON "RunStep" REFERENCING NEW TABLE AS new_steps FOR EACH STATEMENT
  EXECUTE FUNCTION run_stats_rollup_steps_inserted();
