import type { Queue } from "pg-boss";
import { intEnv } from "@/lib/core/env";

// Every job queue, in one place: its name and the options it is created with. getBoss()
// creates them all when it starts, in the web process and in workers alike. The consumers
// are registered by the worker process (worker/registrations.ts).

export const QUEUES = {
  /** One job per run execution slice; singletonKey = run id (lib/runs/engine). */
  runs: "runs",
  /** One job per accepted inbound delivery: creates its run, waiting for credits (lib/inbound/admit-delivery.ts). */
  inboundAdmission: "inbound-admission",
  /** One job per outbound webhook attempt (lib/webhooks/delivery-worker.ts). */
  webhookDelivery: "webhook-delivery",
  /** One job per mail message (lib/mail/send.ts). */
  mail: "mail",
  /** "Mail me a link" requests that must not reveal whether an account exists (lib/auth/account-mail-requests.ts). */
  accountMail: "account-mail",
  /** One job per data export, plus an hourly sweep of expired archives (lib/exports/export-worker.ts). */
  dataExport: "data-export",
  /** Workspace purges and account deletions after their grace window, their sweep, the daily audit retention (lib/lifecycle). */
  lifecycle: "lifecycle",
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

type QueueOptions = Omit<Queue, "name">;

/** Seconds without a heartbeat after which a run's (or an inbound admission's) job is handed to another worker (min 10). */
function runHeartbeatSeconds(): number {
  return intEnv("RUN_HEARTBEAT_SECONDS", 10, { min: 10 });
}

/**
 * A run job's hard cap on active time. The engine yields (re-enqueues the run and completes
 * its job) well before this, so it only matters for a worker that stopped making progress.
 */
function runJobExpireSeconds(): number {
  return intEnv("RUN_JOB_EXPIRE_SECONDS", 3600, { min: 60 });
}

/**
 * The options of every queue (pg-boss keeps the first creation's policy; lib/queue/boss.ts
 * updates the rest of an existing queue).
 * Read on each call, so a restart with new settings applies them.
 */
export function queueOptions(): Record<QueueName, QueueOptions> {
  return {
    [QUEUES.runs]: {
      policy: "stately",
      // Wake-ups are ours: one NOTIFY per job wakes one fetch loop (lib/runs/queue.ts).
      notify: false,
      heartbeatSeconds: runHeartbeatSeconds(),
      expireInSeconds: runJobExpireSeconds(),
      retryLimit: 20,
      retryDelay: 1,
      retryBackoff: true,
      retryDelayMax: 5,
      deleteAfterSeconds: 24 * 3600,
    },
    // The retry schedule of deliveries is the webhook domain's (lib/webhooks/backoff.ts): a job
    // is one attempt, and job-level retries only cover a crashed handler. Each job carries its
    // own expiry, derived from WEBHOOK_TIMEOUT_MS (lib/webhooks/delivery-worker.ts).
    [QUEUES.webhookDelivery]: {
      policy: "standard",
      notify: true,
      retryLimit: 2,
      retryDelay: 5,
      expireInSeconds: 70,
      deleteAfterSeconds: 24 * 3600,
    },
    [QUEUES.mail]: {
      policy: "standard",
      notify: true,
      // ~10 s, 20 s, 40 s … capped at 10 min: about 1.5 hours of attempts before a mail is given up.
      retryLimit: 12,
      retryDelay: intEnv("MAIL_RETRY_DELAY_SECONDS", 10, { invalid: "fallback" }),
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 120,
      deleteAfterSeconds: 600,
    },
    // A crashed build is retried from scratch (the archive is rebuilt in a fresh scratch directory).
    [QUEUES.dataExport]: { policy: "standard", notify: true, retryLimit: 2, retryDelay: 30, expireInSeconds: 3600, deleteAfterSeconds: 24 * 3600 },
    // A failed purge is retried where it stopped (lib/lifecycle/purge-workspace.ts); the 10-minute sweep backs the retries up.
    [QUEUES.lifecycle]: { policy: "standard", notify: true, retryLimit: 10, retryDelay: 30, retryBackoff: true, retryDelayMax: 900, expireInSeconds: 3600, deleteAfterSeconds: 7 * 24 * 3600 },
    // A delivery waiting for credits is sent again with a delay (not retried); retries cover a crashed worker.
    // The heartbeat hands a killed worker's admissions to another worker within seconds, as for
    // runs; without it they waited for the 120 s expiry while their senders already had a 202
    // naming the run (the fault test found accepted deliveries still without a run).
    [QUEUES.inboundAdmission]: { policy: "standard", notify: true, heartbeatSeconds: runHeartbeatSeconds(), retryLimit: 10, retryDelay: 1, retryBackoff: true, retryDelayMax: 30, expireInSeconds: 120, deleteAfterSeconds: 24 * 3600 },
    [QUEUES.accountMail]: { policy: "standard", notify: true, retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 60, deleteAfterSeconds: 600 },
  };
}
