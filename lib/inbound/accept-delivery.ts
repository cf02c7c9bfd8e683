import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { getBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";

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

/** pg-boss writes its job through the caller's transaction (its values are strings). */
function inTx(tx: Tx) {
  return { executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }) };
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
  await db.$transaction(async (tx) => {
    await tx.inboundDelivery.create({
      data: { id: job.deliveryId, subscriptionId: sub.id, workspaceId: sub.workspaceId, projectId: sub.projectId, status: 202, reason: "accepted", runId: job.runId, idempotencyKey: delivery.idempotencyKey, createdAt: acceptedAt },
    });
    await boss.send(QUEUES.inboundAdmission, job, { db: inTx(tx) });
    await onAccepted?.(tx, { runId: job.runId });
    // A burst queues for the connection pool: wait for a connection rather than answer 500.
  }, { maxWait: 30_000, timeout: 30_000 });
  return { runId: job.runId };
}
