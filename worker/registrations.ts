import type { PgBoss } from "pg-boss";
import { registerRunWorker } from "@/lib/runs/engine/run-worker";
import { registerWebhookWorker } from "@/lib/webhooks/delivery-worker";
import { registerMailWorker } from "@/lib/mail/mail-worker";
import { registerAccountMailWorker } from "@/lib/auth/account-mail-requests";
import { registerExportWorker } from "@/lib/exports/export-worker";
import { registerLifecycleWorker } from "@/lib/lifecycle/lifecycle-worker";
import { registerInboundAdmissionWorker } from "@/lib/inbound/admit-delivery";
import { registerRunStatsRollupWorker } from "@/lib/runs/stats-rollup";

// Every queue consumer a worker process runs. Adding a background job type = one line here
// (its queue name and options go in lib/queue/queues.ts).

type WorkerRegistration = (boss: PgBoss) => Promise<void>;

const registrations: { name: string; register: WorkerRegistration }[] = [
  { name: "runs", register: registerRunWorker },
  { name: "inbound-admission", register: registerInboundAdmissionWorker },
  { name: "webhook-delivery", register: registerWebhookWorker },
  { name: "mail", register: registerMailWorker },
  { name: "account-mail", register: registerAccountMailWorker },
  { name: "data-export", register: registerExportWorker },
  { name: "lifecycle", register: registerLifecycleWorker },
  { name: "run-stats-rollup", register: registerRunStatsRollupWorker },
];

/** Starts every consumer on `boss`; returns their names (for the worker's start-up log). */
export async function registerWorkers(boss: PgBoss): Promise<string[]> {
  for (const r of registrations) await r.register(boss);
  return registrations.map((r) => r.name);
}
