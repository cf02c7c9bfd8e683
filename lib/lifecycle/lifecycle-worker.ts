import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { QUEUES } from "@/lib/queue/queues";
import { dueAccountIds, purgeAccount } from "./account/purge-account";
import { enforceAuditRetention } from "./audit-retention";
import { dueDeletionIds, purgeWorkspace } from "./purge-workspace";
import type { LifecycleJob } from "./queue";

/** One lifecycle job: a purge, an account deletion, the sweep of due ones, or the daily audit retention. */
export async function runLifecycleJob(data: LifecycleJob | null | undefined): Promise<void> {
  if (data && "deletionId" in data) {
    const outcome = await purgeWorkspace(data.deletionId);
    logger.info("workspace deletion job", { deletionId: data.deletionId, outcome });
  } else if (data && "accountUserId" in data) {
    await purgeAccount(data.accountUserId);
  } else if (data && "sweep" in data) {
    // A job lost or out of retries: the sweep picks the work up again (both steps are idempotent).
    for (const id of await dueDeletionIds()) await purgeWorkspace(id).catch((err: unknown) => logger.error("workspace purge failed", { deletionId: id, err }));
    for (const id of await dueAccountIds()) await purgeAccount(id).catch((err: unknown) => logger.error("account deletion failed", { userId: id, err }));
  } else if (data && "retention" in data) {
    const removed = await enforceAuditRetention();
    logger.info("audit retention enforced", { workspaces: Object.keys(removed).length, rows: Object.values(removed).reduce((a, b) => a + b, 0) });
  } else {
    logger.error("malformed lifecycle job dropped");
  }
}

/** The worker registration (worker/registrations.ts). */
export async function registerLifecycleWorker(boss: PgBoss): Promise<void> {
  await boss.schedule(QUEUES.lifecycle, "*/10 * * * *", { sweep: true } satisfies LifecycleJob, { key: "sweep" });
  await boss.schedule(QUEUES.lifecycle, "23 3 * * *", { retention: true } satisfies LifecycleJob, { key: "retention" });
  await boss.work<LifecycleJob>(QUEUES.lifecycle, { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => runLifecycleJob(job.data));
}
