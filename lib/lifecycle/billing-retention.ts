import type { Tx } from "@/lib/db/client";

/**
 * Copies what bookkeeping law may require of a workspace's purchases into BillingRetention:
 * Stripe references, amounts, currencies and dates — no names, user ids or descriptions.
 * Idempotent: the ids are derived from the source rows (ON CONFLICT DO NOTHING), so a retried
 * purge copies nothing twice. Runs in the transaction that deletes the source rows.
 */
export async function retainBillingRecords(tx: Tx, workspaceId: string, source: "CheckoutSession" | "LedgerEntry"): Promise<number> {
  if (source === "CheckoutSession") {
    return tx.$executeRaw`
      INSERT INTO "BillingRetention" (id, "workspaceId", kind, "stripeReference", "amountCents", currency, "amountMicros", "occurredAt")
      SELECT 'bret_cs_' || c.id, c."workspaceId", 'checkout', COALESCE(c."paymentIntentId", c.id), c."amountCents", c.currency, c.credits, c."createdAt"
      FROM "CheckoutSession" c WHERE c."workspaceId" = ${workspaceId} AND c.status = 'completed'
      ON CONFLICT (id) DO NOTHING`;
  }
  return tx.$executeRaw`
    INSERT INTO "BillingRetention" (id, "workspaceId", kind, "stripeReference", "amountMicros", "occurredAt")
    SELECT 'bret_' || l.id, l."workspaceId", 'ledger_' || l.kind, CASE WHEN l."sourceType" = 'stripe_event' THEN l."sourceId" END, l.amount, l."createdAt"
    FROM "LedgerEntry" l WHERE l."workspaceId" = ${workspaceId} AND l.kind IN ('purchase', 'refund')
    ON CONFLICT (id) DO NOTHING`;
}
