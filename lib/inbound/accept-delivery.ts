import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { jobStatementDb } from "@/lib/queue/job-statement";

// The acknowledgement of a verified delivery: its log line (202, accepted, the run id it will
// have) and the job that creates the run, committed together before the sender hears 202. So
// an acknowledged delivery is never lost: a crash after the commit leaves the job to a worker,
// a crash before it answers the sender with an error (who retries). Creating the run — its
// credits, its row, its events — happens off the request path (admit-delivery.ts).

export type AdmissionJob = {
  deliveryId: string;
  runId: string;
  subscriptionId: string;
  workspaceId: string;
  projectId: string;
  workflowId: string;
  versionNumber: number;
  input: Record<string, unknown>;
  startedById: string | null;
  startedByTokenId: string | null;
  /** ISO time of the acknowledgement: how long the delivery may wait for credits is counted from it. */
  acceptedAt: string;
};

type Row = { id: string; subscriptionId: string; workspaceId: string; projectId: string; runId: string; idempotencyKey: string | null; createdAt: Date };

/**
 * The delivery's log line rides on pg-boss's job insert (lib/queue/job-statement.ts), so the
 * acknowledgement is one round trip and both rows commit together or not at all.
 */
function withDeliveryRow(client: Pick<Tx, "$queryRawUnsafe">, row: Row) {
  return jobStatementDb(client, {
    ctes: (n) => `inbound_delivery AS (
          INSERT INTO "InboundDelivery" (id, "subscriptionId", "workspaceId", "projectId", status, reason, "runId", "idempotencyKey", "createdAt")
          VALUES ($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 202, 'accepted', $${n + 5}, $${n + 6}, $${n + 7}::timestamp(3))
        )`,
    values: [row.id, row.subscriptionId, row.workspaceId, row.projectId, row.runId, row.idempotencyKey, row.createdAt],
  });
}

export async function acceptDelivery(
  sub: { id: string; workspaceId: string; projectId: string; workflowId: string },
  delivery: { versionNumber: number; input: Record<string, unknown>; startedById: string | null; startedByTokenId: string | null; idempotencyKey: string | null },
  /** Runs inside the acknowledging transaction (the Idempotency-Key's stored answer commits with it). */
  onAccepted?: (tx: Tx, accepted: { runId: string }) => Promise<void>,
): Promise<{ runId: string }> {
  const boss = await getBoss();
  const acceptedAt = new Date();
  const job: AdmissionJob = {
    deliveryId: newId("inboundDelivery"),
    runId: newId("run"),
    subscriptionId: sub.id,
    workspaceId: sub.workspaceId,
    projectId: sub.projectId,
    workflowId: sub.workflowId,
    versionNumber: delivery.versionNumber,
    input: delivery.input,
    startedById: delivery.startedById,
    startedByTokenId: delivery.startedByTokenId,
    acceptedAt: acceptedAt.toISOString(),
  };
  const row: Row = { id: job.deliveryId, subscriptionId: sub.id, workspaceId: sub.workspaceId, projectId: sub.projectId, runId: job.runId, idempotencyKey: delivery.idempotencyKey, createdAt: acceptedAt };
  if (!onAccepted) {
    // One statement, committed on its own: nothing else has to commit with it.
    await boss.send(QUEUES.inboundAdmission, job, { db: withDeliveryRow(db, row) });
    return { runId: job.runId };
  }
  await db.$transaction(async (tx) => {
    await boss.send(QUEUES.inboundAdmission, job, { db: withDeliveryRow(tx, row) });
    await onAccepted(tx, { runId: job.runId });
    // A burst queues for the connection pool: wait for a connection rather than answer 500.
  }, { maxWait: 30_000, timeout: 30_000 });
  return { runId: job.runId };
}
