import { db } from "@/lib/db/client";
import { leaseUntil } from "./attempt-delivery";

// The sweeper finds deliveries whose next attempt is due (new events right after their
// transaction committed, scheduled retries, attempts whose worker died) and hands each out
// exactly once: the rows are locked with SKIP LOCKED, so sweepers in several workers split
// the work, and leased (nextAttemptAt pushed past the attempt's deadline) before the lock is
// released, so the next sweep does not hand them out again while they are in flight.

export type DueDelivery = { deliveryId: string; attempt: number };

export async function claimDueDeliveries(opts: { now?: Date; limit?: number } = {}): Promise<DueDelivery[]> {
  const now = opts.now ?? new Date();
  const limit = opts.limit ?? 100;
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; attempts: number }[]>`
      SELECT d.id, d.attempts
      FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      -- Endpoints have no foreign key to their project: a deleted project's events stay unsent.
      JOIN "Project" p ON p.id = d."projectId" AND p."workspaceId" = d."workspaceId"
      WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${now} AND e.enabled
      ORDER BY d."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED`;
    if (rows.length === 0) return [];
    await tx.webhookDelivery.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { nextAttemptAt: leaseUntil(now) } });
    return rows.map((r) => ({ deliveryId: r.id, attempt: r.attempts + 1 }));
  });
}
