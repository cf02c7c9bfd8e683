-- startRun creates a run, its hold, its first event and its job in one statement
-- (lib/runs/insert-queued-run.ts); when the workspace is pending deletion or its available
-- credits do not cover the run, this aborts that statement, and its message says why.
CREATE FUNCTION agentruntime_refuse_run_start(reason text) RETURNS int
  LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'agentruntime_run_start_refused:%', reason USING ERRCODE = 'P0001';
END
$$;
