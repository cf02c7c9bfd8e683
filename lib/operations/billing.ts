import { z } from "zod";
import {
  balanceResponse,
  checkoutBody,
  checkoutResponse,
  creditPacksResponse,
  ledgerEntryResponse,
  ledgerListQuery,
  ledgerRowResponse,
  ledgerRowsQuery,
  stripeWebhookResponse,
  usageQuery,
  usageResponse,
} from "@/lib/schemas/billing";
import { page } from "@/lib/schemas/common";
import { createCheckout as create } from "@/lib/billing/create-checkout";
import { getBalance } from "@/lib/billing/credits";
import { listCreditPacks as listPacks } from "@/lib/billing/list-packs";
import { listLedger } from "@/lib/billing/list-ledger";
import { listLedgerRows } from "@/lib/billing/list-ledger-rows";
import { presentBalance } from "@/lib/billing/present";
import { receiveStripeWebhook as receive } from "@/lib/billing/receive-stripe-webhook";
import { usageReport } from "@/lib/billing/usage-report";
import { defineResource } from "./define";

// The shared error components have no 400; the webhook answers one for bad signatures.
const badRequest = z.object({ error: z.object({ code: z.literal("bad_request"), message: z.string(), requestId: z.string() }) });

export const billing = defineResource({ tags: ["Billing"], auth: "workspace", components: { CreditBalance: balanceResponse, LedgerEntry: ledgerEntryResponse, LedgerRow: ledgerRowResponse } }, (op) => ({
  getCreditBalance: op({
    route: "GET /v1/billing/balance",
    summary: "Get the workspace's credit balance",
    description: "Integers in usd_micros (1 USD = 1,000,000). `balance` is the sum of the ledger; `held` is reserved by running runs; `available` = balance − held. A run cannot start when `available` ≤ 0 (402 insufficient_credits).",
    action: "billing.read",
    responses: { 200: { description: "The balance", schema: (c) => c.CreditBalance } },
    handler: async (ctx) => presentBalance(await getBalance(ctx.workspace.id)),
  }),

  listLedgerEntries: op({
    route: "GET /v1/billing/ledger",
    summary: "List the credits ledger",
    description: "Append-only entries, newest first: `purchase` (Stripe), `usage` (run usage records), `grant`, `refund`, `adjustment`. Filter by `kind`, `from`/`to` and `project` (id or slug).",
    action: "billing.read",
    query: ledgerListQuery,
    responses: { 200: { description: "A page of entries", schema: (c) => page(c.LedgerEntry) } },
    handler: async (ctx, { query }) => listLedger(ctx.workspace.id, query),
  }),

  listLedgerRows: op({
    route: "GET /v1/billing/ledger/by-run",
    summary: "List the credits ledger, one row per run",
    description:
      "The ledger as the console shows it: a run's charges summed into one row (expand it with `GET /v1/billing/ledger?runId=`), every other entry a row of its own, newest first. `balanceAfter` is the balance right after the row's last entry. Same filters as the ledger; the cursor is the `nextCursor` of the previous page.",
    action: "billing.read",
    query: ledgerRowsQuery,
    responses: { 200: { description: "A page of rows", schema: (c) => page(c.LedgerRow) } },
    handler: async (ctx, { query }) => listLedgerRows(ctx.workspace.id, query),
  }),

  getUsageReport: op({
    route: "GET /v1/billing/usage",
    summary: "Usage and charges by project, workflow, model or day",
    description: "Aggregates the usage records of runs between `from` and `to` (default: the last 30 days): charge, list cost, tokens and record count per group, plus a per-day series for charts.",
    action: "billing.read",
    query: usageQuery,
    responses: { 200: { description: "The report", schema: usageResponse } },
    handler: async (ctx, { query }) => usageReport(ctx.workspace.id, query),
  }),

  listCreditPacks: op({
    route: "GET /v1/billing/packs",
    summary: "List the credit packs on sale",
    description: "Configured with BILLING_CREDIT_PACKS. `configured` is false when Stripe is not set up (checkout then answers 409).",
    action: "billing.read",
    responses: { 200: { description: "The packs", schema: creditPacksResponse } },
    handler: async () => listPacks(),
  }),

  createCheckout: op({
    route: "POST /v1/billing/checkout",
    summary: "Buy credits with Stripe Checkout",
    description:
      "Creates a Stripe Checkout Session (mode payment) for the pack, for the workspace's Stripe customer (created on the first purchase). Send the browser to `url`; the credits are added when Stripe reports the payment (webhook), exactly once. 409 when billing is not configured or Stripe refuses.",
    action: "billing.manage",
    body: checkoutBody,
    errors: [409],
    responses: { 201: { description: "The session id and payment page", schema: checkoutResponse } },
    handler: async (ctx, { body }) => create(ctx, body),
  }),

  receiveStripeWebhook: op({
    route: "POST /v1/billing/stripe/webhook",
    summary: "Stripe webhook endpoint",
    description:
      "For Stripe only: the raw body is verified with `Stripe-Signature` and STRIPE_WEBHOOK_SECRET (5-minute tolerance). `checkout.session.completed` (paid) and `checkout.session.async_payment_succeeded` credit the purchased pack once per event and session; `charge.refunded` debits the newly refunded amount; `checkout.session.expired` marks the session expired. Other event types are acknowledged and ignored. 409 when billing is not configured (or a refund arrives before its payment: Stripe retries).",
    auth: "public",
    body: z.record(z.string(), z.unknown()).meta({ description: "A Stripe Event object" }),
    errors: [409],
    responses: {
      200: { description: "Received", schema: stripeWebhookResponse },
      400: { description: "Missing or invalid Stripe-Signature", schema: badRequest },
    },
    parse: "manual",
    handler: async ({ req }) => receive({ body: await req.text(), signature: req.headers.get("stripe-signature") }),
  }),
}));
