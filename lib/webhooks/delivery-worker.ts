import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { attemptDelivery } from "./attempt-delivery";
import { webhookConfig } from "./config";
import { claimDueDeliveries, type DueDelivery } from "./sweep";

// Deliveries run on pg-boss (queue `webhook-delivery`, one job per attempt). Jobs come from
// the sweeper, which every worker runs every few seconds, and from `dispatchDeliveries`
// when a caller can send right after its transaction committed. The retry schedule is ours
// (backoff.ts): a job is one attempt, and job-level retries only cover a crashed handler.

/** A job's expiry: one attempt's deadline, plus time to record its outcome. */
function jobExpireSeconds(): number {
  return Math.ceil(webhookConfig.timeoutMs() / 1000) + 60;
}

async function enqueue(boss: PgBoss, jobs: DueDelivery[]): Promise<void> {
  if (jobs.length === 0) return;
  const expireInSeconds = jobExpireSeconds();
  await boss.insert(
    QUEUES.webhookDelivery,
    jobs.map((j) => ({ data: j, expireInSeconds })),
  );
}

/** Sends first attempts at once (after the publishing transaction committed); the sweeper is the fallback. */
export async function dispatchDeliveries(deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  try {
    await enqueue(await getBoss(), deliveryIds.map((deliveryId) => ({ deliveryId, attempt: 1 })));
  } catch (err) {
    logger.warn("webhook dispatch failed; the sweeper will send", { error: err instanceof Error ? err.message : String(err) });
  }
}

/** One sweep: due deliveries leased and enqueued. Returns how many. */
async function sweepOnce(boss: PgBoss, now = new Date()): Promise<number> {
  const due = await claimDueDeliveries({ now });
  await enqueue(boss, due);
  return due.length;
}

async function handle(job: { data: DueDelivery }): Promise<void> {
  const { deliveryId, attempt } = job.data ?? ({} as DueDelivery);
  if (typeof deliveryId !== "string" || !Number.isInteger(attempt) || attempt < 1) return;
  try {
    await attemptDelivery(deliveryId, attempt);
  } catch (err) {
    // The lease lets the sweeper retry it; one bad delivery must not fail its batch-mates.
    logger.error("webhook attempt failed", { deliveryId, attempt, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The worker registration (worker/registrations.ts): the consumer plus the sweeper loop. */
export async function registerWebhookWorker(boss: PgBoss): Promise<void> {
  await boss.work<DueDelivery>(QUEUES.webhookDelivery, { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 1, burstWhenBatchFull: true }, async (jobs) => {
    await Promise.all(jobs.map(handle));
  });
  let running: Promise<unknown> | null = null;
  const timer = setInterval(() => {
    if (running) return;
    running = sweepOnce(boss)
      .catch((err) => logger.error("webhook sweep failed", { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => (running = null));
  }, webhookConfig.sweepIntervalMs());
  timer.unref();
  boss.once("stopped", () => clearInterval(timer));
}
