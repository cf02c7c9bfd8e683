import { numberEnv } from "@/lib/core/env";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/core/logger";
import { expireApprovals } from "@/lib/approvals/expire-approvals";
import { reconcileRuns } from "@/lib/runs/engine/reconcile-runs";

// Housekeeping every few seconds, by one worker at a time (a transaction-scoped advisory lock:
// the others skip the round): expire approvals nobody decided in time, and re-queue runs that
// lost their job (see reconcile-runs.ts).

const LOCK_KEY = "agentruntime-maintenance";

function intervalMs(): number {
  return numberEnv("MAINTENANCE_INTERVAL_MS", 5000, { min: 100 });
}

export async function maintenanceRound(): Promise<{ ran: boolean; expired: number; requeued: number; failed: number }> {
  return db.$transaction(
    async (tx) => {
      const [{ got }] = await tx.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) AS got`;
      if (!got) return { ran: false, expired: 0, requeued: 0, failed: 0 };
      const expired = await expireApprovals();
      const r = await reconcileRuns();
      return { ran: true, expired, ...r };
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
        if (r.expired || r.requeued || r.failed) logger.info("maintenance", r);
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
