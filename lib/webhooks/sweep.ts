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
  // One statement (one round trip): it runs right after every announced commit.
  const rows = await db.$queryRaw<{ id: string; attempts: number }[]>`
    WITH due AS (
      SELECT d.id
      FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      -- Endpoints have no foreign key to their project: a deleted project's events stay unsent.
      JOIN "Project" p ON p.id = d."projectId" AND p."workspaceId" = d."workspaceId"
      WHERE d.status = 'pending' AND d."nextAttemptAt" <= ${now} AND e.enabled
      ORDER BY d."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE "WebhookDelivery" d SET "nextAttemptAt" = ${leaseUntil(now)}, "updatedAt" = ${now}
    FROM due WHERE d.id = due.id
    RETURNING d.id, d.attempts`;
  return rows.map((r) => ({ deliveryId: r.id, attempt: r.attempts + 1 }));
}
