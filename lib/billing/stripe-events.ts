import type { Tx } from "@/lib/db/client";

/**
 * Claims a Stripe event id for this transaction. A concurrent delivery of the same event
 * waits on the primary key until this transaction ends, then finds it taken: each event is
 * applied at most once. A rolled-back claim frees the id for Stripe's retry.
 */
export async function claimStripeEvent(tx: Tx, event: { id: string; type: string }): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "StripeEvent" (id, type, "receivedAt") VALUES (${event.id}, ${event.type}, now())
    ON CONFLICT (id) DO NOTHING RETURNING id`;
  return rows.length === 1;
}

export async function tagStripeEvent(tx: Tx, eventId: string, workspaceId: string): Promise<void> {
  await tx.stripeEvent.update({ where: { id: eventId }, data: { workspaceId } });
}

type SessionRow = { id: string; workspaceId: string; packId: string; credits: bigint; amountCents: number; status: string; refundedCents: number; createdById: string | null };

/** Our CheckoutSession row, locked for the rest of the transaction. */
export async function lockCheckoutSession(tx: Tx, where: { id: string } | { paymentIntentId: string }): Promise<SessionRow | null> {
  const rows =
    "id" in where
      ? await tx.$queryRaw<SessionRow[]>`SELECT id, "workspaceId", "packId", credits, "amountCents", status, "refundedCents", "createdById" FROM "CheckoutSession" WHERE id = ${where.id} FOR UPDATE`
      : await tx.$queryRaw<SessionRow[]>`SELECT id, "workspaceId", "packId", credits, "amountCents", status, "refundedCents", "createdById" FROM "CheckoutSession" WHERE "paymentIntentId" = ${where.paymentIntentId} FOR UPDATE`;
  return rows[0] ?? null;
}
