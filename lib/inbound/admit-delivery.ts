import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { intEnv } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { QUEUES } from "@/lib/queue/queues";
import { startRun } from "@/lib/runs/start-run";
import type { InboundDeliveryReason } from "@/lib/schemas/inbound";
import type { AdmissionJob } from "./accept-delivery";

// Turns an acknowledged delivery into its run (the id the sender was given), in a worker.
// A run holds what it is expected to spend; when the available credits do not cover that yet
// (other runs hold them) the delivery waits — its job is sent again a little later — instead
// of being refused, for up to INBOUND_ADMISSION_WAIT_SECONDS (1 h) after it was accepted.
// What can never start (the workflow was deleted, the workspace suspended, still no credits
// after the wait) is written on the delivery's log line; the sender had its 202.

const RECHECK_SECONDS = 2;
const maxWaitMs = () => intEnv("INBOUND_ADMISSION_WAIT_SECONDS", 3600, { invalid: "fallback" }) * 1000;

type Outcome = "admitted" | "waiting" | "refused";

type DbError = { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
/** A unique violation, from a Prisma model call (P2002) or a raw statement (startRun's insert). */
const isUniqueViolation = (err: unknown) =>
  (err as DbError).code === "P2002" || (err as DbError).meta?.driverAdapterError?.cause?.originalCode === "23505";

function reasonOf(err: ApiError): InboundDeliveryReason {
  if (err.code === "insufficient_credits") return "insufficient_credits";
  if (err.code === "invalid_request") return "invalid_input";
  return "rejected";
}

/** Creates the delivery's run, or says it must wait for credits, or records why it cannot start. Idempotent per run id. */
export async function admitDelivery(job: AdmissionJob, now = Date.now()): Promise<Outcome> {
  if (await db.run.findUnique({ where: { id: job.runId }, select: { id: true } })) return "admitted";
  try {
    await startRun({
      runId: job.runId,
      workspaceId: job.workspaceId,
      projectId: job.projectId,
      workflowId: job.workflowId,
      versionNumber: job.versionNumber,
      input: job.input,
      trigger: "inbound",
      startedById: job.startedById,
      startedByTokenId: job.startedByTokenId,
      inboundSubscriptionId: job.subscriptionId,
    });
    return "admitted";
  } catch (err) {
    // A twin job created it first.
    if (isUniqueViolation(err)) return "admitted";
    if (!(err instanceof ApiError)) throw err;
    if (err.code === "insufficient_credits" && now - Date.parse(job.acceptedAt) < maxWaitMs()) return "waiting";
    await db.inboundDelivery.updateMany({ where: { id: job.deliveryId }, data: { status: err.status, reason: reasonOf(err), runId: null } });
    logger.warn("inbound delivery accepted but its run could not start", { deliveryId: job.deliveryId, subscriptionId: job.subscriptionId, code: err.code });
    return "refused";
  }
}

/** The last delivery time a subscription shows, moved forward only (kept off the request path). */
async function touchSubscriptions(jobs: AdmissionJob[]): Promise<void> {
  const latest = new Map<string, string>();
  for (const j of jobs) if ((latest.get(j.subscriptionId) ?? "") < j.acceptedAt) latest.set(j.subscriptionId, j.acceptedAt);
  for (const [id, at] of latest) {
    await db.$executeRaw`UPDATE "InboundSubscription" SET "lastDeliveryAt" = ${new Date(at)} WHERE id = ${id} AND ("lastDeliveryAt" IS NULL OR "lastDeliveryAt" < ${new Date(at)})`;
  }
}

export async function registerInboundAdmissionWorker(boss: PgBoss): Promise<void> {
  // A batch's admissions overlap their reads; each one's credit check takes the workspace's
  // balance row lock for its own short transaction.
  await boss.work<AdmissionJob>(QUEUES.inboundAdmission, { batchSize: 10, pollingIntervalSeconds: 1, burstWhenBatchFull: true }, async (jobs) => {
    await Promise.all(
      jobs.map(async ({ data }) => {
        if ((await admitDelivery(data)) === "waiting") await boss.send(QUEUES.inboundAdmission, data, { startAfter: RECHECK_SECONDS });
      }),
    );
    await touchSubscriptions(jobs.map((j) => j.data));
  });
}
