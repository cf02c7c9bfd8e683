import { db } from "@/lib/db/client";
import { BOSS_SCHEMA, WORKER_APPLICATION_PREFIX } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { LOCK_APPLICATION_PREFIX } from "./run-lock";

// Which worker fetched a run job. pg-boss records no claimer on a job, and a worker cannot say
// "this one is mine" any sooner than it takes the run's lock — a CPU-starved worker may need
// seconds for either. So the claim is written by the fetch itself: a trigger on pg-boss's job
// table stamps the `output` of a run job, as it turns active, with the application_name of the
// connection that fetched it: a worker's pg-boss connections are named after its instance (pid and a random part, lib/core/process-instance.ts)
// (lib/queue/boss.ts). pg-boss overwrites `output` when the attempt is settled (completed,
// failed, retried), so the stamp lives exactly as long as the claim.
//
// The claimer is alive while its run-lock connection (named after the same instance, run-lock.ts) is
// connected. That connection leaves with the process, at once: it only runs statements that never
// wait (try-locks, unlocks, pings). The worker's pg-boss connections do not: looking for them,
// the 50-kill crash test under load saw some dead workers' jobs handed over only after 9–15 s
// (a backend stays until the statement it is in ends, e.g. maintenance waiting behind another
// instance's). A live worker keeps its lock connection however slow it is; without it, its run
// locks are gone too, so its runs may go elsewhere.

/** The key of a run job's `output` that names its claimer while it is active. */
export const CLAIMED_BY = "claimedBy";
const TRIGGER = "agentruntime_run_job_claim";

const FUNCTION_SQL = `CREATE OR REPLACE FUNCTION ${TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.output := jsonb_build_object('${CLAIMED_BY}', current_setting('application_name'));
  RETURN NEW;
END $$`;

const TRIGGER_SQL = `CREATE OR REPLACE TRIGGER ${TRIGGER} BEFORE UPDATE OF state ON "${BOSS_SCHEMA}".job FOR EACH ROW
  WHEN (NEW.name = '${QUEUES.runs}' AND NEW.state = 'active' AND OLD.state <> 'active')
  EXECUTE FUNCTION ${TRIGGER}()`;

/**
 * Installs the claim trigger when it is missing (pg-boss must have created its schema). Workers
 * call it before they fetch run jobs; concurrent callers are serialised.
 */
export async function ensureRunClaimTrigger(): Promise<void> {
  const present = async (q: Pick<typeof db, "$queryRawUnsafe">) => {
    const [row] = await q.$queryRawUnsafe<{ present: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('"${BOSS_SCHEMA}".job') AND tgname = $1) AS present`,
      TRIGGER,
    );
    return row.present;
  };
  // Checked first: creating a trigger locks the job table against fetches for a moment.
  if (await present(db)) return;
  await db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, TRIGGER);
    if (await present(tx)) return;
    await tx.$executeRawUnsafe(FUNCTION_SQL);
    await tx.$executeRawUnsafe(TRIGGER_SQL);
  });
}

/**
 * SQL condition on a run job row `j`: a worker claimed it and that worker's lock connection is
 * gone. Claims made before the trigger existed, or by a process that is not a worker, carry no
 * worker's stamp and are left to pg-boss's heartbeat.
 */
export const CLAIMER_GONE_SQL = `j.output->>'${CLAIMED_BY}' LIKE '${WORKER_APPLICATION_PREFIX}%'
  AND '${LOCK_APPLICATION_PREFIX}' || substr(j.output->>'${CLAIMED_BY}', ${WORKER_APPLICATION_PREFIX.length + 1})
      NOT IN (SELECT a.application_name FROM pg_stat_activity a WHERE a.application_name IS NOT NULL)`;
