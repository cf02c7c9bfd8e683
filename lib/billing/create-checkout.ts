import "server-only";
import Stripe from "stripe";
import { db } from "@/lib/db/client";
import { ApiError } from "@/lib/core/errors";
import { recordScopedAudit } from "@/lib/audit/record";
import { logger } from "@/lib/core/logger";
import { publicOrigin } from "@/lib/core/public-origin";
import type { WorkspaceScope } from "@/lib/core/scope";
import type { CheckoutBody } from "@/lib/schemas/billing";
import { findPack, type CreditPack } from "./packs";
import { stripeClient } from "./stripe";

// Buying credits: one Stripe Checkout Session (mode payment) for a pack, for the workspace's
// Stripe customer. What gets credited later is what OUR CheckoutSession row says, written
// here, not what comes back in metadata.

type Caller = Pick<WorkspaceScope, "workspace" | "principal" | "actor" | "meta">;

/** Stripe failures never reach the client as is: log the kind, answer a plain message. */
function stripeFailure(err: unknown, step: string): ApiError {
  if (err instanceof Stripe.errors.StripeError) {
    logger.warn("billing: stripe request failed", { step, type: err.type, code: err.code ?? null, status: err.statusCode ?? null, requestId: err.requestId ?? null });
    return new ApiError("conflict", "Stripe did not accept the request; try again in a moment");
  }
  throw err;
}

/** The workspace's Stripe customer, created on its first purchase. */
async function ensureCustomer(stripe: Stripe, workspace: Caller["workspace"]): Promise<string> {
  const row = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { stripeCustomerId: true } });
  if (row.stripeCustomerId) return row.stripeCustomerId;
  let customer: Stripe.Customer;
  try {
    // The idempotency key makes concurrent first purchases get the same customer from Stripe.
    customer = await stripe.customers.create({ name: workspace.name, metadata: { workspaceId: workspace.id, workspaceSlug: workspace.slug } }, { idempotencyKey: `workspace-customer-${workspace.id}` });
  } catch (err) {
    throw stripeFailure(err, "customer");
  }
  await db.workspace.updateMany({ where: { id: workspace.id, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } });
  const after = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { stripeCustomerId: true } });
  return after.stripeCustomerId ?? customer.id;
}

function sessionParams(caller: Caller, pack: CreditPack, customer: string): Stripe.Checkout.SessionCreateParams {
  const base = `${publicOrigin(caller.meta)}/w/${encodeURIComponent(caller.workspace.slug)}/billing`;
  const metadata = { workspaceId: caller.workspace.id, packId: pack.id, credits: pack.credits.toString() };
  return {
    mode: "payment",
    customer,
    client_reference_id: caller.workspace.id,
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "usd", unit_amount: pack.priceCents, product_data: { name: `AgentRuntime credits — ${pack.name}`, ...(pack.description ? { description: pack.description } : {}) } },
      },
    ],
    metadata,
    payment_intent_data: { metadata },
    success_url: `${base}/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${base}/canceled`,
  };
}

/** POST /v1/billing/checkout: a Checkout Session for one pack; the browser goes to `url`. */
export async function createCheckout(caller: Caller, body: CheckoutBody): Promise<{ id: string; url: string }> {
  const pack = findPack(body.packId);
  if (!pack) throw new ApiError("invalid_request", "Unknown credit pack", { details: [{ path: "packId", message: "No such pack; see GET /v1/billing/packs" }] });
  const stripe = stripeClient();
  const customer = await ensureCustomer(stripe, caller.workspace);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(sessionParams(caller, pack, customer));
  } catch (err) {
    throw stripeFailure(err, "checkout_session");
  }
  if (!session.url) {
    logger.warn("billing: checkout session without url", { sessionId: session.id });
    throw new ApiError("conflict", "Stripe did not return a payment page; try again in a moment");
  }
  const createdById = caller.principal.userId;
  await db.$transaction(async (tx) => {
    await tx.checkoutSession.create({
      data: { id: session.id, workspaceId: caller.workspace.id, packId: pack.id, credits: pack.credits, amountCents: pack.priceCents, currency: "usd", createdById },
    });
    await recordScopedAudit(caller, { action: "billing.checkout", target: { type: "checkout_session", id: session.id }, after: { packId: pack.id, credits: Number(pack.credits), amountCents: pack.priceCents, currency: "usd" } }, tx);
  });
  return { id: session.id, url: session.url };
}
