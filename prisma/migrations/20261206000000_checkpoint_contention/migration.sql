-- The checkpoint's per-workspace serialization (issue 18 §2). Measured with pg_stat_statements in
-- `npm run bench:runs` (one workspace, 2 workers): of a run_checkpoint's 13 ms, 4.6 ms waited on the
-- concurrency gate's advisory lock and ~2 ms on the balance row lock, both held to the commit, so
-- the workspace's checkpoints ran one at a time. Now:
--   * a run that starts and ends in the same commit never holds a slot after it, so it checks for
--     a free one without taking the gate (still refused when the gate is full);
--   * the checkpoint raises the run's spend and writes its usage records first, and takes the
--     balance row last: the debit, its ledger entries and the hold's release are its final writes;
--   * balance_lock locks the row with SELECT … FOR UPDATE instead of an upsert that wrote a new
--     row version on every call.
-- Each rule keeps one implementation: usage_record_charge is usage_record_write + usage_debit, which
-- run_checkpoint calls apart; run_finish's hold release is the same run_hold_release, deferred.

CREATE OR REPLACE FUNCTION balance_lock(p_ws text, OUT balance bigint, OUT held bigint) LANGUAGE plpgsql AS $$
BEGIN
  SELECT b.balance, b.held INTO balance, held FROM "WorkspaceBalance" b WHERE b."workspaceId" = p_ws FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO "WorkspaceBalance" ("workspaceId", balance, held, "updatedAt") VALUES (p_ws, 0, 0, now()) ON CONFLICT ("workspaceId") DO NOTHING;
    SELECT b.balance, b.held INTO balance, held FROM "WorkspaceBalance" b WHERE b."workspaceId" = p_ws FOR UPDATE;
  END IF;
END $$;

-- Writes usage records (idempotent by their key: a record that exists was charged when it was
-- written) and raises the run's spend by the new ones' charges. Returns, when any record is new,
-- {fresh: their ids, total, rest: what was left of the run's hold before, items: those to debit},
-- what usage_debit takes from the balance; NULL when none is. p_items: [{ord, id, ledgerId, key,
-- nodeId, attempt, kind, provider, model, keySource, tokensIn, tokensOut, cost, charge, estimated?,
-- at?}] (at: when the usage happened, UTC; default now). The caller holds the Run row (or it is
-- taken here, before any balance lock).
CREATE FUNCTION usage_record_write(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_fresh jsonb;
  v_new jsonb;
  v_total bigint;
  v_rest bigint := 0;
BEGIN
  IF coalesce(jsonb_array_length(p_items), 0) = 0 THEN RETURN NULL; END IF;
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
  IF v_fresh IS NULL THEN RETURN NULL; END IF;
  IF v_total > 0 THEN
    UPDATE "Run" SET spent = spent + v_total, "updatedAt" = clock_timestamp() WHERE id = p_run RETURNING GREATEST("creditHold" - (spent - v_total), 0) INTO v_rest;
    IF v_rest IS NULL THEN RAISE EXCEPTION 'charging run %: the run does not exist', p_run; END IF;
  END IF;
  RETURN jsonb_build_object('fresh', v_fresh, 'total', v_total, 'rest', v_rest, 'items', coalesce(v_new, '[]'::jsonb));
END $$;

-- Debits what usage_record_write returned: ONE balance lock, one ledger entry per record with its
-- running balance (inserted in the order they apply, so the ledger's seq follows balanceAfter), the
-- balance moved, and the same amount given back from the run's hold (at most what was left of it).
CREATE FUNCTION usage_debit(p_run text, p_ws text, p_proj text, p_wf text, p_debit jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_total bigint := (p_debit->>'total')::bigint;
  v_rest bigint := (p_debit->>'rest')::bigint;
  v_balance bigint;
  v_held bigint;
BEGIN
  IF p_debit IS NULL OR coalesce(v_total, 0) = 0 THEN RETURN; END IF;
  SELECT b.balance, b.held INTO v_balance, v_held FROM balance_lock(p_ws) b;
  INSERT INTO "LedgerEntry" (id, "workspaceId", kind, amount, "balanceAfter", "sourceType", "sourceId", "projectId", "workflowId", "runId", model, description, "createdAt")
  SELECT u."ledgerId", p_ws, 'usage', -u.charge, v_balance - sum(u.charge) OVER (ORDER BY u.ord, u.id ROWS UNBOUNDED PRECEDING), 'usage_record', u.id, p_proj, p_wf, p_run,
         u.model, u.kind || ' usage', coalesce(u.at, now())
    FROM jsonb_to_recordset(p_debit->'items') AS u(id text, "ledgerId" text, model text, kind text, charge bigint, ord int, at timestamp)
   ORDER BY u.ord, u.id;
  UPDATE "WorkspaceBalance" SET balance = v_balance - v_total, held = GREATEST(v_held - LEAST(v_total, v_rest), 0), "updatedAt" = clock_timestamp() WHERE "workspaceId" = p_ws;
END $$;

-- Writes usage records and debits the new ones (usage_record_write, then usage_debit). Returns what
-- was charged now.
CREATE OR REPLACE FUNCTION usage_record_charge(p_run text, p_ws text, p_proj text, p_wf text, p_items jsonb) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_debit jsonb;
BEGIN
  v_debit := usage_record_write(p_run, p_ws, p_proj, p_wf, p_items);
  IF v_debit IS NULL THEN RETURN 0; END IF;
  PERFORM usage_debit(p_run, p_ws, p_proj, p_wf, v_debit);
  RETURN (v_debit->>'total')::bigint;
END $$;

-- run_start: p_holds_slot false for a run that also ends in this transaction.
DROP FUNCTION run_start(text, text, text, text, timestamp, boolean, text, text[], timestamp);

-- Starts a queued run through its workspace's concurrency gate. A run that keeps running after
-- this commit (p_holds_slot) takes the gate (one such start at a time per workspace, so two
-- workers cannot both take the last free slot); one that also ends in this transaction is never
-- seen running by anyone, so it only checks that a slot is free. NULL: the gate is full and
-- nothing changed. Else the events to append: run.started (and its webhook) on the first start.
CREATE FUNCTION run_start(p_run text, p_ws text, p_proj text, p_wf text, p_started_at timestamp, p_first boolean, p_event_id text, p_hook_ids text[], p_now timestamp,
                          p_holds_slot boolean DEFAULT true) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v_data jsonb;
BEGIN
  IF p_holds_slot THEN PERFORM pg_advisory_xact_lock(hashtext('run-concurrency:' || p_ws)); END IF;
  UPDATE "Run" SET status = 'running', "startedAt" = p_started_at, "updatedAt" = p_now
   WHERE id = p_run
     AND (SELECT count(*) FROM "Run" WHERE "workspaceId" = p_ws AND status = 'running') < coalesce((SELECT "maxConcurrentRuns" FROM "Workspace" WHERE id = p_ws), 10);
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF NOT p_first THEN RETURN '[]'::jsonb; END IF;
  v_data := jsonb_build_object('runId', p_run, 'workflowId', p_wf);
  PERFORM webhook_event_publish(p_ws, p_proj, 'run.started', v_data, p_event_id, p_hook_ids, p_now);
  RETURN jsonb_build_array(jsonb_build_object('type', 'run.started', 'data', v_data, 'status', 'running'));
END $$;

-- run_finish: p_release false leaves the hold's release (run_hold_release) to the caller, later in
-- the same transaction.
DROP FUNCTION run_finish(text, text, text, text, jsonb, boolean, jsonb, jsonb, text, text[], timestamp);

-- The one way a run reaches a terminal status: a conditional UPDATE (a second caller finds the run
-- terminal and changes nothing: NULL), pending approvals of a run that did not succeed canceled
-- (a gateway call's approval outlives its run), the run.<status> webhook, the unspent hold
-- released (unless p_release is false: the caller then calls run_hold_release before it commits),
-- and for failed / budget_exceeded the audit entry p_audit (made by lib/audit, the run's
-- workflowId added to its metadata). Returns the run.<status> event for the caller to append with
-- its others. Steps left open are closed by the caller (their receipt links are computed in
-- TypeScript).
CREATE FUNCTION run_finish(p_run text, p_ws text, p_proj text, p_status text, p_output jsonb, p_has_output boolean, p_error jsonb, p_audit jsonb,
                           p_event_id text, p_hook_ids text[], p_now timestamp, p_release boolean DEFAULT true) RETURNS jsonb LANGUAGE plpgsql AS $$
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
  IF p_release THEN PERFORM run_hold_release(p_run); END IF;
  IF p_audit IS NOT NULL AND p_status IN ('failed', 'budget_exceeded') THEN
    INSERT INTO "AuditLog" (id, "workspaceId", "projectId", "actorType", "actorId", "actorLabel", action, "targetType", "targetId", "targetLabel", ip, "userAgent", "requestId", before, after, metadata)
    SELECT a.id, a."workspaceId", a."projectId", a."actorType", a."actorId", a."actorLabel", a.action, a."targetType", a."targetId", a."targetLabel", a.ip, a."userAgent", a."requestId",
           a.before, a.after, coalesce(a.metadata, '{}'::jsonb) || jsonb_build_object('workflowId', r."workflowId")
      FROM jsonb_populate_record(NULL::"AuditLog", p_audit) a;
  END IF;
  RETURN jsonb_build_object('type', 'run.' || p_status, 'data', v_data, 'status', p_status);
END $$;

-- run_checkpoint, split so that several runs' checkpoints can share one statement and one commit
-- (run_checkpoint_batch): run_checkpoint_apply does everything but the balance, including the
-- fence's verdict (p_fenced, evaluated by the caller under the Run row lock), and reports the debit
-- and release still to do; run_checkpoint_settle does them. Compared with the first version: the
-- gate is skipped for a run that starts and ends in this checkpoint, and the balance row is taken
-- last (usage_record_write early; usage_debit and the hold's release after the events).
CREATE FUNCTION run_checkpoint_apply(p_run text, p_fenced boolean, p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
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
  v_debit jsonb;
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
                           ARRAY(SELECT jsonb_array_elements_text(v_start->'hookIds')), v_now, v_finish IS NULL);
    IF v_started IS NULL THEN RETURN '{"result":"gate_full"}'::jsonb; END IF;
    v_events := v_events || v_started;
  END IF;
  IF jsonb_array_length(v_steps) > 0 THEN PERFORM run_steps_write(p_run, v_ws, v_proj, v_steps); END IF;
  v_events := v_events || coalesce(nullif(p->'events', 'null'::jsonb), '[]'::jsonb);
  v_debit := usage_record_write(p_run, v_ws, v_proj, p->>'wf', nullif(p->'usage', 'null'::jsonb));
  IF v_finish IS NOT NULL THEN
    v_ended := run_finish(p_run, v_ws, v_proj, v_finish->>'status', nullif(v_finish->'output', 'null'::jsonb), coalesce((v_finish->>'hasOutput')::boolean, false),
                          nullif(v_finish->'error', 'null'::jsonb), nullif(v_finish->'audit', 'null'::jsonb), v_finish->>'eventId',
                          ARRAY(SELECT jsonb_array_elements_text(v_finish->'hookIds')), v_now, false);
    IF v_ended IS NOT NULL THEN v_events := v_events || jsonb_build_array(v_ended); END IF;
  END IF;
  v_notices := run_events_append(p_run, v_ws, v_proj, v_events, v_now, coalesce((p->>'notify')::boolean, true));
  RETURN jsonb_build_object('result', 'ok', 'spent', (SELECT spent::text FROM "Run" WHERE id = p_run), 'notices', v_notices,
                            'debit', v_debit, 'release', v_ended IS NOT NULL);
END $$;

-- What run_checkpoint_apply left for the end of the transaction: the debit (the workspace's
-- balance row locked only for it and the commit) and, for a run that ended, its hold's release.
CREATE FUNCTION run_checkpoint_settle(p_run text, p jsonb, p_applied jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_applied->>'result' IS DISTINCT FROM 'ok' THEN RETURN; END IF;
  PERFORM usage_debit(p_run, p->>'ws', p->>'proj', p->>'wf', nullif(p_applied->'debit', 'null'::jsonb));
  IF (p_applied->>'release')::boolean THEN PERFORM run_hold_release(p_run); END IF;
END $$;

-- Whether each (backend pid, run lock keys) is held right now: one look at pg_locks for all.
CREATE FUNCTION run_locks_held(p_pids int[], p_k1 int[], p_k2 bigint[]) RETURNS boolean[] LANGUAGE sql AS $$
  WITH held AS MATERIALIZED (
    SELECT l.pid, l.classid, l.objid FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  )
  SELECT coalesce(array_agg(EXISTS (SELECT 1 FROM held h WHERE h.pid = t.pid AND h.classid = t.k1::oid AND h.objid = t.k2::oid) ORDER BY t.ord), '{}')
    FROM unnest(p_pids, p_k1, p_k2) WITH ORDINALITY AS t(pid, k1, k2, ord)
$$;

-- One checkpoint (the caller's statement locked the Run row and evaluated the fence under it).
CREATE OR REPLACE FUNCTION run_checkpoint(p_run text, p_fenced boolean, p jsonb) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb;
BEGIN
  v := run_checkpoint_apply(p_run, p_fenced, p);
  PERFORM run_checkpoint_settle(p_run, p, v);
  RETURN v - 'debit' - 'release';
END $$;

-- Several runs' checkpoints in one statement and one commit (a worker's checkpoints that came due
-- together, lib/runs/engine/checkpoint.ts), given sorted by workspace then run id. Lock order as
-- everywhere: the Run rows (by id), then the workspaces' gates and balance rows (by workspace),
-- every debit after every other write. The fence of every run is
-- evaluated once its Run row is locked, with one look at pg_locks. Returns one result per run,
-- in the order given; a failure fails the statement (the caller then sends each one alone).
CREATE FUNCTION run_checkpoint_batch(p_runs text[], p_pids int[], p_k1 int[], p_k2 bigint[], p jsonb[]) RETURNS jsonb[] LANGUAGE plpgsql AS $$
DECLARE
  v_fenced boolean[];
  v_out jsonb[] := '{}';
  i int;
BEGIN
  PERFORM 1 FROM "Run" WHERE id = ANY(p_runs) ORDER BY id FOR UPDATE;
  v_fenced := run_locks_held(p_pids, p_k1, p_k2);
  FOR i IN 1 .. cardinality(p_runs) LOOP
    v_out := v_out || run_checkpoint_apply(p_runs[i], v_fenced[i], p[i]);
  END LOOP;
  FOR i IN 1 .. cardinality(p_runs) LOOP
    PERFORM run_checkpoint_settle(p_runs[i], p[i], v_out[i]);
    v_out[i] := v_out[i] - 'debit' - 'release';
  END LOOP;
  RETURN v_out;
END $$;
