import type Stripe from "stripe";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { appendLedgerEntry } from "./credits";
import { findPack } from "./packs";
import { centsToMicros } from "./stripe";
import { claimStripeEvent, lockCheckoutSession, tagStripeEvent } from "./stripe-events";

const idOf = (v: string | { id: string } | null | undefined) => (typeof v === "string" ? v : (v?.id ?? null));
const min = (a: bigint, b: bigint) => (a < b ? a : b);

/**
 * charge.refunded: a negative `refund` entry for what this event adds to the refunded total.
 * Stripe's amount_refunded is cumulative, so partial refunds, replays and out-of-order events
 * each debit only the increase over what was already refunded for that Checkout Session, and
 * never more credits than the session bought.
 */
export async function applyChargeRefunded(event: Stripe.Event, charge: Stripe.Charge): Promise<boolean> {
  if (!Number.isSafeInteger(charge.amount_refunded) || charge.amount_refunded < 0) throw new ApiError("bad_request", "charge.amount_refunded must be a whole number of cents");
  if (charge.currency !== "usd") {
    logger.warn("billing: refund in another currency, ignored", { eventId: event.id, currency: charge.currency });
    return false;
  }
  const paymentIntent = idOf(charge.payment_intent);
  const customer = idOf(charge.customer);
  return db.$transaction(async (tx) => {
    if (!(await claimStripeEvent(tx, event))) return false;
    const row = paymentIntent ? await lockCheckoutSession(tx, { paymentIntentId: paymentIntent }) : null;
    const owner = customer ? await tx.workspace.findUnique({ where: { stripeCustomerId: customer }, select: { id: true } }) : null;
    if (!row) {
      // Our customer, but the payment is not recorded yet (events arrive in any order): fail, so
      // the claim rolls back and Stripe delivers the event again later.
      if (owner) throw new ApiError("conflict", "The refunded payment has not been recorded yet; retry later");
      logger.warn("billing: refund of a payment not made here, ignored", { eventId: event.id });
      return false;
    }
    await tagStripeEvent(tx, event.id, row.workspaceId);
    if (owner && owner.id !== row.workspaceId) {
      logger.warn("billing: refund customer and payment name different workspaces, ignored", { eventId: event.id });
      return false;
    }
    const total = Math.min(charge.amount_refunded, row.amountCents);
    if (total <= row.refundedCents) return false;
    const amount = min(centsToMicros(total), row.credits) - min(centsToMicros(row.refundedCents), row.credits);
    await tx.checkoutSession.update({ where: { id: row.id }, data: { refundedCents: total } });
    if (amount <= 0n) return false;
    const entry = await appendLedgerEntry(tx, {
      workspaceId: row.workspaceId,
      kind: "refund",
      amount: -amount,
      sourceType: "stripe_event",
      sourceId: event.id,
      description: `Refund of the ${findPack(row.packId)?.name ?? row.packId} credit pack`,
    });
    return entry !== null;
  });
}
