import { routeOf } from "@/lib/operations/route";
import { billing } from "@/lib/operations/billing";

// POST /v1/billing/checkout — start a Stripe Checkout for a credit pack; returns the payment URL
export const POST = routeOf(billing.createCheckout);
