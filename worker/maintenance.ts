import { numberEnv } from "@/lib/core/env";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { expireApprovals } from "@/lib/approvals/expire-approvals";
import { analyzeStaleJobTables } from "@/lib/queue/job-statistics";
import { reconcileRuns } from "@/lib/runs/engine/reconcile-runs";
import { ensureRunClaimTrigger } from "@/lib/runs/engine/run-claims";

// Housekeeping every few seconds, by one worker at a time (a transaction-scoped advisory lock:
// the others skip the round): expire approvals nobody decided in time, re-queue runs that
// lost their job (see reconcile-runs.ts), refresh the job tables' planner statistics after
// a burst (lib/queue/job-statistics.ts), and put back the run jobs' claim trigger if pg-boss
// recreated its job table (run-claims.ts; without it dead workers' runs wait for the heartbeat).

const LOCK_KEY = "agentruntime-maintenance";

function intervalMs(): number {
  return numberEnv("MAINTENANCE_INTERVAL_MS", 5000, { min: 100 });
}

type Round = { ran: boolean; expired: number; requeued: number; failed: number; analyzed: string[] };

export async function maintenanceRound(): Promise<Round> {
  return db.$transaction(
    async (tx) => {
      const [{ got }] = await tx.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) AS got`;
      if (!got) return { ran: false, expired: 0, requeued: 0, failed: 0, analyzed: [] };
      const expired = await expireApprovals();
      const r = await reconcileRuns();
      // Only planner statistics: a failure (say, a role that may not analyze pg-boss's tables) is
      // logged and the round goes on.
      const analyzed = await analyzeStaleJobTables().catch((err: unknown) => {
        logger.warn("job table statistics not refreshed", { err });
        return [];
      });
      await ensureRunClaimTrigger();
      return { ran: true, expired, ...r, analyzed };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

export function startMaintenance(): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (stopped) return;
    current = maintenanceRound()
      .then((r) => {
        if (r.expired || r.requeued || r.failed || r.analyzed.length) logger.info("maintenance", r);
      })
      .catch((err) => logger.warn("maintenance round failed", { err }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs());
      });
  };
  timer = setTimeout(tick, intervalMs());
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
