import { z } from "zod";
import { pageQuery } from "@/lib/core/pagination";
import { page, timestamp } from "./common";

// Money leaves the API as JSON integers in usd_micros (1 USD = 1,000,000); amounts stay far
// below 2^53. Pack prices are whole cents, Stripe's unit.

const micros = z.number().int().describe("usd_micros (1 USD = 1,000,000)");
const ref = z.string().trim().min(1).max(64);

const ledgerKind = z.enum(["purchase", "usage", "grant", "refund", "adjustment"]);
const ledgerSource = z.enum(["stripe_event", "usage_record", "run", "admin", "system"]);

export const balanceResponse = z.object({
  balance: micros.describe("Sum of the ledger"),
  held: micros.describe("Reserved by running runs"),
  available: micros.describe("balance − held: what new runs can reserve"),
  unit: z.literal("usd_micros"),
});
export type BalanceResponse = z.infer<typeof balanceResponse>;

// PostgreSQL has no year 0: keep bounds to dates it can compare with.
const bound = timestamp.refine((v) => Date.parse(v) >= 0, "Must be 1970 or later");
const range = {
  from: bound.optional().describe("Inclusive lower bound on createdAt"),
  to: bound.optional().describe("Inclusive upper bound on createdAt"),
  project: ref.optional().describe("Project id or slug"),
};
const fromBeforeTo = (q: { from?: string; to?: string }) => !q.from || !q.to || new Date(q.from) <= new Date(q.to);
const fromBeforeToError = { message: "from must not be after to", path: ["from"] };

const runFilter = z.string().trim().regex(/^run_[A-Za-z0-9]{1,60}$/, "A run id (run_…)").describe("Only this run's entries (its charges, one per step call)");
export const ledgerListQuery = pageQuery.extend({ kind: ledgerKind.optional(), runId: runFilter.optional(), ...range }).refine(fromBeforeTo, fromBeforeToError);
export type LedgerListQuery = z.infer<typeof ledgerListQuery>;

export const ledgerEntryResponse = z.object({
  id: z.string(),
  createdAt: timestamp,
  kind: ledgerKind,
  amount: micros.describe("Signed: credits are positive, debits negative"),
  balanceAfter: micros,
  sourceType: ledgerSource,
  sourceId: z.string().describe("The Stripe event, usage record, run or workspace the entry comes from"),
  projectId: z.string().nullable(),
  workflowId: z.string().nullable(),
  runId: z.string().nullable(),
  model: z.string().nullable(),
  description: z.string().nullable(),
});
export type LedgerEntryResponse = z.infer<typeof ledgerEntryResponse>;
export const ledgerPage = page(ledgerEntryResponse);

// One row per run: its charges summed. The cursor is the last row's position in the ledger (seq).
export const ledgerRowsQuery = pageQuery
  .extend({ cursor: z.string().regex(/^[0-9]{1,18}$/, "A cursor from a previous page").optional(), kind: ledgerKind.optional(), ...range })
  .refine(fromBeforeTo, fromBeforeToError);
export type LedgerRowsQuery = z.infer<typeof ledgerRowsQuery>;

export const ledgerRowResponse = z.object({
  id: z.string().describe("The row's last entry"),
  createdAt: timestamp.describe("When its last entry was applied"),
  firstAt: timestamp.describe("When its first entry was applied"),
  kind: ledgerKind,
  amount: micros.describe("Signed sum of the row's entries"),
  balanceAfter: micros.describe("The balance right after the row's last entry was applied"),
  entries: z.number().int().describe("Ledger entries in the row: a run's charges, or 1"),
  runId: z.string().nullable(),
  workflowId: z.string().nullable(),
  workflowName: z.string().nullable(),
  projectId: z.string().nullable(),
  models: z.array(z.string()),
  description: z.string().nullable(),
});
export type LedgerRowResponse = z.infer<typeof ledgerRowResponse>;

const usageGroupBy = z.enum(["project", "workflow", "model", "day"]);
export type UsageGroupBy = z.infer<typeof usageGroupBy>;
export const usageQuery = z.object({ groupBy: usageGroupBy.default("day"), ...range }).refine(fromBeforeTo, fromBeforeToError);
export type UsageQuery = z.infer<typeof usageQuery>;

const usageFigures = {
  charge: micros.describe("What the workspace was charged"),
  cost: micros.describe("Vendor list price of the LLM tokens"),
  tokensIn: z.number().int(),
  tokensOut: z.number().int(),
  records: z.number().int().describe("Usage records (LLM calls, HTTP calls, steps)"),
};
export const usageResponse = z.object({
  groupBy: usageGroupBy,
  from: timestamp,
  to: timestamp,
  unit: z.literal("usd_micros"),
  totals: z.object(usageFigures),
  groups: z.array(z.object({ key: z.string().describe("Project/workflow id, model name or day (YYYY-MM-DD); \"none\" when absent"), label: z.string(), ...usageFigures })),
  series: z.array(z.object({ day: z.string().describe("YYYY-MM-DD (UTC)"), key: z.string(), charge: micros })).describe("Charge per day and group, for charts over time"),
});
export type UsageResponse = z.infer<typeof usageResponse>;

const creditPackResponse = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  priceCents: z.number().int(),
  currency: z.literal("usd"),
  credits: micros,
});
export type CreditPackResponse = z.infer<typeof creditPackResponse>;
export const creditPacksResponse = z.object({ data: z.array(creditPackResponse), configured: z.boolean().describe("Whether Stripe Checkout is configured") });

export const checkoutBody = z.strictObject({ packId: ref.describe("A pack id from GET /v1/billing/packs") });
export type CheckoutBody = z.infer<typeof checkoutBody>;
export const checkoutResponse = z.object({ id: z.string().describe("The Checkout Session id (cs_…)"), url: z.string().describe("Send the browser here to pay") });

export const stripeWebhookResponse = z.object({ received: z.literal(true), applied: z.boolean().describe("false for ignored event types and replays") });
