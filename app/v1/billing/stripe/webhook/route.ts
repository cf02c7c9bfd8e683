import { withPublic } from "@/lib/api/with-auth";
import { receiveStripeWebhook } from "@/lib/billing/receive-stripe-webhook";

// POST /v1/billing/stripe/webhook — Stripe events (signature-verified): purchases and refunds
export const POST = withPublic(async ({ req }) => receiveStripeWebhook(req));
