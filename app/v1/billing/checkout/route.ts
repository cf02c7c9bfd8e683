import { json, withWorkspace } from "@/lib/api/with-auth";
import { parseJson } from "@/lib/api/body";
import { createCheckout } from "@/lib/billing/create-checkout";
import { checkoutBody } from "@/lib/schemas/billing";

// POST /v1/billing/checkout — start a Stripe Checkout for a credit pack; returns the payment URL
export const POST = withWorkspace(async (ctx) => json(await createCheckout(ctx, await parseJson(ctx.req, checkoutBody)), 201), { action: "billing.manage" });
