import type { PgBoss } from "pg-boss";
import { logger } from "@/lib/core/logger";
import { QUEUES } from "@/lib/queue/queues";
import { metrics } from "@/lib/telemetry/metrics";
import { attemptDelivery } from "./attempt-delivery";
import { webhookConfig } from "./config";
import { listenForDeliveries } from "./delivery-listener";
import { claimDueDeliveries, type DueDelivery } from "./sweep";

// Deliveries run on pg-boss (queue `webhook-delivery`, one job per attempt). Jobs come from
// the sweeper, which hands out due deliveries exactly once (sweep.ts). A worker sweeps as soon
// as a new delivery is announced (publishEvent NOTIFYs in the creating transaction; this
// worker LISTENs, delivery-listener.ts), and every few seconds for retries, expired leases and
// any announcement missed. The retry schedule is ours (backoff.ts): a job is one attempt, and
// job-level retries only cover a crashed handler.

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

const SWEEP_BATCH = 100;

/** Sweeps until nothing is due: due deliveries leased and enqueued, a batch at a time. */
async function sweepAll(boss: PgBoss): Promise<void> {
  for (;;) {
    const due = await claimDueDeliveries({ limit: SWEEP_BATCH });
    await enqueue(boss, due);
    if (due.length < SWEEP_BATCH) return;
  }
}

/** One sweep at a time; a request during a sweep asks for one more pass (the new rows may have missed it). */
function sweeper(boss: PgBoss): () => void {
  let running = false;
  let again = false;
  const request = () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    sweepAll(boss)
      .catch((err) => logger.error("webhook sweep failed", { error: err instanceof Error ? err.message : String(err) }))
      .finally(() => {
        running = false;
        if (again) request();
      });
  };
  return request;
}

async function handle(job: { data: DueDelivery }): Promise<void> {
  const { deliveryId, attempt } = job.data ?? ({} as DueDelivery);
  if (typeof deliveryId !== "string" || !Number.isInteger(attempt) || attempt < 1) return;
  try {
    metrics().webhookDeliveries.inc({ outcome: await attemptDelivery(deliveryId, attempt) });
  } catch (err) {
    metrics().webhookDeliveries.inc({ outcome: "error" });
    // The lease lets the sweeper retry it; one bad delivery must not fail its batch-mates.
    logger.error("webhook attempt failed", { deliveryId, attempt, error: err instanceof Error ? err.message : String(err) });
  }
}

/** The worker registration (worker/registrations.ts): the consumer, the listener and the periodic sweep. */
export async function registerWebhookWorker(boss: PgBoss): Promise<void> {
  await boss.work<DueDelivery>(QUEUES.webhookDelivery, { batchSize: 10, localConcurrency: 2, pollingIntervalSeconds: 1, burstWhenBatchFull: true }, async (jobs) => {
    await Promise.all(jobs.map(handle));
  });
  const sweep = sweeper(boss);
  const timer = setInterval(sweep, webhookConfig.sweepIntervalMs());
  timer.unref();
  // Without the listener, deliveries still go out with the next periodic sweep.
  const listener = await listenForDeliveries(sweep).catch((err: unknown) => {
    logger.warn("webhook deliveries wait for the periodic sweep: LISTEN failed", { error: err instanceof Error ? err.message : String(err) });
    return null;
  });
  boss.once("stopped", () => {
    clearInterval(timer);
    void listener?.close();
  });
}
