import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// POST /v1/billing/stripe/webhook — Stripe events (signature-verified): purchases and refunds
export const POST = routeOf(billing.receiveStripeWebhook);
