import type { PgBoss, Queue } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { defineQueue, getBoss } from "@/lib/queue/boss";
import { attemptDelivery } from "./attempt-delivery";
import { webhookConfig } from "./config";
import { claimDueDeliveries, type DueDelivery } from "./sweep";

// Deliveries run on pg-boss (queue `webhook-delivery`, one job per attempt). Jobs come from
// the sweeper, which every worker runs every few seconds, and from `dispatchDeliveries`
// when a caller can send right after its transaction committed. The retry schedule is ours
// (backoff.ts): a job is one attempt, and job-level retries only cover a crashed handler.

const WEBHOOK_DELIVERY_QUEUE = "webhook-delivery";

function queueOptions(): Omit<Queue, "name"> {
  return {
    policy: "standard",
    notify: true,
    retryLimit: 2,
    retryDelay: 5,
    expireInSeconds: Math.ceil(webhookConfig.timeoutMs() / 1000) + 60,
    deleteAfterSeconds: 24 * 3600,
  };
}
defineQueue(WEBHOOK_DELIVERY_QUEUE, queueOptions());

const ensured = new WeakMap<PgBoss, Promise<void>>();
function ensureQueue(boss: PgBoss): Promise<void> {
  let p = ensured.get(boss);
  if (!p) {
    p = boss.createQueue(WEBHOOK_DELIVERY_QUEUE, queueOptions());
    ensured.set(boss, p);
  }
  return p;
}

async function enqueue(boss: PgBoss, jobs: DueDelivery[]): Promise<void> {
  if (jobs.length === 0) return;
  await ensureQueue(boss);
  await boss.insert(
    WEBHOOK_DELIVERY_QUEUE,
    jobs.map((j) => ({ data: j })),
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

/** The worker registration (lib/queue/workers.ts): the consumer plus the sweeper loop. */
export async function registerWebhookWorker(boss: PgBoss): Promise<void> {
  await ensureQueue(boss);
  await boss.work<DueDelivery>(WEBHOOK_DELIVERY_QUEUE, { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 1, burstWhenBatchFull: true }, async (jobs) => {
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
