// Property: random sequences of purchases, usage debits, refunds and replayed (also
// concurrently replayed) Stripe events, run against the real webhook handler, run holds and
// usage charges on a real database, always leave: sum of entries = cached balance = the
// newest entry's balanceAfter = the model's balance; no Stripe event credited twice; no
// session refunded beyond what it bought.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as webhookPOST } from "@/app/v1/billing/stripe/webhook/route";
import { db } from "@/lib/db/client";
import { releaseRunHold } from "@/lib/billing/credits";
import { findPack } from "@/lib/billing/packs";
import { newId } from "@/lib/core/ids";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { createBillingWorkflow, ledgerState, recordTestUsage, startBillableRun } from "@/test/factories/billing";
import { tenant } from "@/test/support/world";

const WEBHOOK_SECRET = "whsec_property_secret";
let stripe: FakeStripe;
beforeAll(async () => {
  stripe = await startFakeStripe({ secretKey: "sk_test_property", webhookSecret: WEBHOOK_SECRET });
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
});
afterAll(async () => {
  await stripe.close();
  delete process.env.STRIPE_WEBHOOK_SECRET;
});

type Cmd =
  | { op: "purchase"; pack: "starter" | "team" }
  | { op: "usage"; charge: number; budget: number }
  | { op: "refund"; pick: number; cents: number }
  | { op: "replay"; pick: number; concurrent: boolean };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ op: fc.constant("purchase" as const), pack: fc.constantFrom("starter" as const, "team" as const) }),
  fc.record({ op: fc.constant("usage" as const), charge: fc.integer({ min: 1, max: 30_000_000 }), budget: fc.integer({ min: 1, max: 40_000_000 }) }),
  fc.record({ op: fc.constant("refund" as const), pick: fc.nat(), cents: fc.integer({ min: 1, max: 6_000 }) }),
  fc.record({ op: fc.constant("replay" as const), pick: fc.nat(), concurrent: fc.boolean() }),
);

async function deliver(evt: unknown): Promise<number> {
  const { payload, signature } = stripe.sign(evt);
  const req = new Request("http://localhost/v1/billing/stripe/webhook", { method: "POST", headers: { "stripe-signature": signature }, body: payload });
  const res = await webhookPOST(req, { params: Promise.resolve({}) });
  await res.text();
  return res.status;
}

describe("ledger invariants under random sequences", () => {
  it("sum = cached balance = last balanceAfter = model; each Stripe event counts once", { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmdArb, { minLength: 1, maxLength: 14 }), async (cmds) => {
        const t = await tenant();
        const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
        const sessions: { id: string; customer: string; pi: string; cents: number; credits: bigint; refunded: number }[] = [];
        const delivered: unknown[] = [];
        const seen = new Set<string>();
        let balance = 0n;

        const check = async () => {
          const s = await ledgerState(t.workspace.id);
          expect(s.sum).toBe(balance);
          expect(s.balance).toBe(balance);
          expect(s.held).toBe(0n);
          const fresh = await db.ledgerEntry.findMany({ where: { workspaceId: t.workspace.id, id: { notIn: [...seen] } } });
          expect(fresh.length).toBeLessThanOrEqual(1);
          for (const e of fresh) {
            expect(e.balanceAfter).toBe(balance);
            seen.add(e.id);
          }
        };

        for (const cmd of cmds) {
          if (cmd.op === "purchase") {
            const pack = findPack(cmd.pack)!;
            const s = { id: `cs_test_${newId("event")}`, customer: `cus_${newId("event")}`, pi: `pi_${newId("event")}`, cents: pack.priceCents, credits: pack.credits, refunded: 0 };
            await db.checkoutSession.create({ data: { id: s.id, workspaceId: t.workspace.id, packId: pack.id, credits: pack.credits, amountCents: pack.priceCents, currency: "usd" } });
            sessions.push(s);
            const evt = stripe.event("checkout.session.completed", {
              id: s.id, object: "checkout.session", payment_status: "paid", status: "complete", customer: s.customer, payment_intent: s.pi,
              client_reference_id: t.workspace.id, metadata: { workspaceId: t.workspace.id, packId: pack.id, credits: String(pack.credits) }, amount_total: s.cents, currency: "usd",
            });
            expect(await deliver(evt)).toBe(200);
            delivered.push(evt);
            balance += pack.credits;
          } else if (cmd.op === "usage") {
            const available = balance;
            try {
              const run = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: BigInt(cmd.budget) });
              expect(available > 0n).toBe(true);
              await recordTestUsage(run, { kind: "llm", charge: BigInt(cmd.charge), cost: BigInt(cmd.charge), model: "gpt-4o-mini" });
              await db.$transaction((tx) => releaseRunHold(tx, run.id));
              balance -= BigInt(cmd.charge);
            } catch (err) {
              expect((err as { code?: string }).code).toBe("insufficient_credits");
              expect(available <= 0n).toBe(true);
            }
          } else if (cmd.op === "refund") {
            if (!sessions.length) continue;
            const s = sessions[cmd.pick % sessions.length];
            const total = Math.min(s.cents, s.refunded + cmd.cents);
            const evt = stripe.event("charge.refunded", {
              id: `ch_${s.pi}`, object: "charge", amount: s.cents, amount_refunded: total, currency: "usd", customer: s.customer, payment_intent: s.pi, refunded: total === s.cents,
            });
            expect(await deliver(evt)).toBe(200);
            delivered.push(evt);
            balance -= BigInt(total - s.refunded) * 10_000n;
            s.refunded = total;
          } else {
            if (!delivered.length) continue;
            const evt = delivered[cmd.pick % delivered.length];
            const statuses = cmd.concurrent ? await Promise.all([deliver(evt), deliver(evt), deliver(evt)]) : [await deliver(evt)];
            expect(statuses.every((s) => s === 200)).toBe(true);
          }
          await check();
        }

        const purchases = await db.ledgerEntry.groupBy({ by: ["sourceId"], where: { workspaceId: t.workspace.id, kind: "purchase" }, _count: true });
        expect(purchases.every((p) => p._count === 1)).toBe(true);
        expect(purchases).toHaveLength(sessions.length);
        for (const s of sessions) {
          const row = await db.checkoutSession.findUniqueOrThrow({ where: { id: s.id } });
          expect(row.refundedCents).toBe(s.refunded);
          expect(row.refundedCents).toBeLessThanOrEqual(row.amountCents);
        }
      }),
      { numRuns: 40 },
    );
  });
});
