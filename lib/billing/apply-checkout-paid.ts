import type Stripe from "stripe";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { appendLedgerEntry } from "./credits";
import { findPack } from "./packs";
import { claimStripeEvent, lockCheckoutSession, tagStripeEvent } from "./stripe-events";

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));

/**
 * checkout.session.completed (paid) or checkout.session.async_payment_succeeded: exactly one
 * `purchase` entry per Stripe event and at most one per Checkout Session, for the credits OUR
 * CheckoutSession row names. Returns whether credits were added.
 */
export async function applyCheckoutPaid(event: Stripe.Event, session: Stripe.Checkout.Session): Promise<boolean> {
  // Delayed payment methods complete unpaid; their async_payment_succeeded event credits later.
  if (session.payment_status !== "paid") return false;
  if (typeof session.id !== "string") throw new ApiError("bad_request", "The checkout session has no id");
  return db.$transaction(async (tx) => {
    if (!(await claimStripeEvent(tx, event))) return false;
    const row = await lockCheckoutSession(tx, { id: session.id });
    if (!row) {
      logger.warn("billing: checkout session not created here, ignored", { eventId: event.id, sessionId: session.id });
      return false;
    }
    await tagStripeEvent(tx, event.id, row.workspaceId);
    const claimed = [session.client_reference_id, session.metadata?.workspaceId].filter(Boolean);
    if (claimed.some((w) => w !== row.workspaceId)) {
      logger.warn("billing: checkout session names another workspace, ignored", { eventId: event.id, sessionId: session.id });
      return false;
    }
    if (row.status === "completed") return false;
    await tx.checkoutSession.update({ where: { id: row.id }, data: { status: "completed", paymentIntentId: idOf(session.payment_intent) } });
    const entry = await appendLedgerEntry(tx, {
      workspaceId: row.workspaceId,
      kind: "purchase",
      amount: row.credits,
      sourceType: "stripe_event",
      sourceId: event.id,
      description: `${findPack(row.packId)?.name ?? row.packId} credit pack`,
      createdById: row.createdById,
    });
    return entry !== null;
  });
}
