import "server-only";
import type Stripe from "stripe";
import { ApiError } from "@/lib/core/errors";
import { refuseDeepJson } from "@/lib/core/json-depth";
import { db } from "@/lib/db/client";
import { applyChargeRefunded } from "./apply-charge-refunded";
import { applyCheckoutPaid } from "./apply-checkout-paid";
import { stripeWebhooks, webhookSecret } from "./stripe";

const MAX_BYTES = 1024 * 1024;
// Stripe's default tolerance: a signed timestamp more than 5 minutes off is a replay.
const TOLERANCE_SECONDS = 300;

/** Applies one verified event; unknown types are acknowledged and ignored. */
async function applyStripeEvent(event: Stripe.Event): Promise<boolean> {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return applyCheckoutPaid(event, event.data.object);
    case "charge.refunded":
      return applyChargeRefunded(event, event.data.object);
    case "checkout.session.expired":
      // Bookkeeping only: an abandoned checkout never credits anything.
      await db.checkoutSession.updateMany({ where: { id: String(event.data.object.id), status: "open" }, data: { status: "expired" } });
      return false;
    default:
      return false;
  }
}

/**
 * POST /v1/billing/stripe/webhook: the raw body is verified against Stripe-Signature before
 * anything is parsed; a bad or stale signature is a 400 and changes nothing.
 */
export async function receiveStripeWebhook(delivery: { body: string; signature: string | null }): Promise<{ received: true; applied: boolean }> {
  const secret = webhookSecret();
  const { body, signature: header } = delivery;
  if (Buffer.byteLength(body) > MAX_BYTES) throw new ApiError("payload_too_large", "The request body is larger than 1 MiB");
  if (!header) throw new ApiError("bad_request", "Missing Stripe-Signature header");
  let event: Stripe.Event;
  try {
    event = stripeWebhooks.constructEvent(body, header, secret, TOLERANCE_SECONDS);
  } catch {
    throw new ApiError("bad_request", "The Stripe signature does not verify");
  }
  // The SDK only refuses old timestamps; a signature dated in the future is no fresher.
  const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
  if (!(signedAt <= Math.floor(Date.now() / 1000) + TOLERANCE_SECONDS)) throw new ApiError("bad_request", "The Stripe signature timestamp is in the future");
  // Signed by Stripe, but parsed (by the SDK) all the same: the depth limit of every JSON body.
  refuseDeepJson(body);
  if (!event || typeof event.id !== "string" || typeof event.type !== "string" || !event.data?.object) {
    throw new ApiError("bad_request", "Not a Stripe event");
  }
  return { received: true, applied: await applyStripeEvent(event) };
}
