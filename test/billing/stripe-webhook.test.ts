// POST /v1/billing/stripe/webhook: the signature is verified on the raw body with the Stripe
// SDK (5-minute tolerance); a paid checkout credits OUR CheckoutSession's amount exactly once
// per event and per session, however often and however concurrently it is delivered; refunds
// debit only what each event adds; anything else is acknowledged and ignored.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as checkoutPOST } from "@/app/v1/billing/checkout/route";
import { POST as webhookPOST } from "@/app/v1/billing/stripe/webhook/route";
import { db } from "@/lib/db/client";
import { getBalance } from "@/lib/billing/credits";
import { setLogSink } from "@/lib/core/logger";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { ledgerState } from "@/test/factories/billing";
import { as, call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

const SECRET_KEY = "sk_test_webhook_abcdef0123456789";
const WEBHOOK_SECRET = "whsec_test_webhook_secret_0123456789";
let stripe: FakeStripe;

beforeAll(async () => {
  stripe = await startFakeStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });
});
afterAll(async () => {
  await stripe.close();
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_API_BASE"]) delete process.env[k];
});
beforeEach(() => {
  Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripe.url });
});

async function deliver(evt: unknown, opts: { timestamp?: number; secret?: string; signature?: string; payload?: string } = {}) {
  const signed = stripe.sign(evt, opts);
  const headers: Record<string, string> = { "content-type": "application/json" };
  const signature = opts.signature ?? signed.signature;
  if (signature) headers["stripe-signature"] = signature;
  const req = new Request("http://localhost/v1/billing/stripe/webhook", { method: "POST", headers, body: opts.payload ?? signed.payload });
  const res = await webhookPOST(req, { params: Promise.resolve({}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

/** A tenant with a completed checkout waiting to be reported (no credits yet). */
async function checkout(packId = "starter", t?: Tenant) {
  const owner = t ?? (await tenant());
  const res = await call(checkoutPOST, "/v1/billing/checkout", { method: "POST", headers: as(owner.owner, owner.slug), body: { packId } });
  expect(res.status).toBe(201);
  return { t: owner, sessionId: res.json.id as string };
}

const purchases = (workspaceId: string) => db.ledgerEntry.findMany({ where: { workspaceId, kind: "purchase" } });

describe("signature verification", () => {
  it("a correctly signed checkout.session.completed credits the pack", async () => {
    const { t, sessionId } = await checkout("starter");
    const evt = stripe.checkoutCompleted(sessionId);
    const res = await deliver(evt);
    expect(res).toEqual({ status: 200, json: { received: true, applied: true } });
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 10_000_000n, held: 0n, available: 10_000_000n });
    const [entry] = await purchases(t.workspace.id);
    expect(entry).toMatchObject({ amount: 10_000_000n, sourceType: "stripe_event", sourceId: evt.id, createdById: t.owner.id });
    expect(await db.checkoutSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: "completed", paymentIntentId: stripe.sessions.get(sessionId)!.payment_intent });
    expect(await db.stripeEvent.findUniqueOrThrow({ where: { id: evt.id } })).toMatchObject({ type: "checkout.session.completed", workspaceId: t.workspace.id });
  });

  it("tampering, a wrong secret, a missing header and stale or future timestamps → 400, nothing credited", async () => {
    const { t, sessionId } = await checkout("starter");
    const evt = stripe.checkoutCompleted(sessionId);
    const good = stripe.sign(evt);
    const nowS = Math.floor(Date.now() / 1000);
    const cases = [
      { payload: good.payload.replace('"paid"', '"paid" '), signature: good.signature },
      { payload: good.payload, signature: good.signature.replace(/v1=(.)/, (_m, c) => `v1=${c === "a" ? "b" : "a"}`) },
      { secret: "whsec_someone_else" },
      { signature: "" },
      { signature: "garbage" },
      { signature: good.signature.replace("v1=", "v0=") },
      { timestamp: nowS - 301 },
      { timestamp: nowS + 301 },
      // Re-serialised JSON (same content, different bytes) does not verify either.
      { payload: JSON.stringify(JSON.parse(good.payload), null, 2), signature: good.signature },
    ];
    for (const c of cases) {
      const res = await deliver(evt, c);
      expect(res.status, JSON.stringify(Object.keys(c))).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
    }
    expect(await purchases(t.workspace.id)).toEqual([]);
    expect(await db.stripeEvent.findUnique({ where: { id: evt.id } })).toBeNull();
    // A non-numeric timestamp is refused too.
    expect((await deliver(evt, { signature: good.signature.replace(/t=\d+/, "t=soon") })).status).toBe(400);
    // Inside the window (±300 s) the same event is accepted.
    expect((await deliver(evt, { timestamp: nowS + 295 })).json.applied).toBe(true);
    expect((await deliver(evt, { timestamp: nowS - 295 })).json).toEqual({ received: true, applied: false });
  });

  it("409 'Billing is not configured' without STRIPE_WEBHOOK_SECRET", async () => {
    delete process.env.STRIPE_WEBHOOK_SECRET;
    const res = await deliver(stripe.event("checkout.session.completed", { id: "cs_x" }));
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/Billing is not configured/);
  });
});

describe("exactly once", () => {
  it("the same event delivered 10 times, 5 at once, credits once", async () => {
    const { t, sessionId } = await checkout("team");
    const evt = stripe.checkoutCompleted(sessionId);
    const first = await Promise.all(Array.from({ length: 5 }, () => deliver(evt)));
    const rest = [];
    for (let i = 0; i < 5; i++) rest.push(await deliver(evt));
    const all = [...first, ...rest];
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(all.filter((r) => r.json.applied)).toHaveLength(1);
    expect(await purchases(t.workspace.id)).toHaveLength(1);
    expect((await getBalance(t.workspace.id)).balance).toBe(50_000_000n);
    const s = await ledgerState(t.workspace.id);
    expect(s.sum).toBe(s.balance);
  });

  it("two different events for the same session credit it once", async () => {
    const { t, sessionId } = await checkout("starter");
    const completed = stripe.checkoutCompleted(sessionId);
    const asyncSucceeded = stripe.event("checkout.session.async_payment_succeeded", completed.data.object);
    const results = await Promise.all([deliver(completed), deliver(asyncSucceeded)]);
    expect(results.filter((r) => r.json.applied)).toHaveLength(1);
    expect((await getBalance(t.workspace.id)).balance).toBe(10_000_000n);
  });

  it("an unpaid completion credits nothing; the async success event credits later", async () => {
    const { t, sessionId } = await checkout("starter");
    expect((await deliver(stripe.checkoutCompleted(sessionId, { unpaid: true }))).json).toEqual({ received: true, applied: false });
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
    const paid = stripe.pay(sessionId);
    expect((await deliver(stripe.event("checkout.session.async_payment_succeeded", { ...paid }))).json.applied).toBe(true);
    expect((await getBalance(t.workspace.id)).balance).toBe(10_000_000n);
  });
});

describe("what is credited comes from our records", () => {
  it("tampered metadata (credits, pack) does not change the amount: our CheckoutSession row decides", async () => {
    const { t, sessionId } = await checkout("starter");
    const evt = stripe.checkoutCompleted(sessionId);
    const obj = evt.data.object as { metadata: Record<string, string>; amount_total: number };
    obj.metadata = { ...obj.metadata, credits: "999000000000", packId: "scale" };
    obj.amount_total = 20_000;
    expect((await deliver(evt)).json.applied).toBe(true);
    expect((await getBalance(t.workspace.id)).balance).toBe(10_000_000n);
  });

  it("a session that names another workspace, or one we never created, is ignored", async () => {
    const { t, sessionId } = await checkout("starter");
    const victim = await tenant();
    const evt = stripe.checkoutCompleted(sessionId);
    (evt.data.object as { client_reference_id: string }).client_reference_id = victim.workspace.id;
    expect((await deliver(evt)).json).toEqual({ received: true, applied: false });
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
    expect((await getBalance(victim.workspace.id)).balance).toBe(0n);

    const stranger = stripe.event("checkout.session.completed", { id: "cs_test_not_ours", object: "checkout.session", payment_status: "paid", metadata: { workspaceId: t.workspace.id, credits: "5" } });
    expect((await deliver(stranger)).json).toEqual({ received: true, applied: false });
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
  });

  it("checkout.session.expired marks an open session expired and credits nothing", async () => {
    const { t, sessionId } = await checkout("starter");
    const res = await deliver(stripe.event("checkout.session.expired", { ...stripe.sessions.get(sessionId)!, status: "expired" }));
    expect(res).toEqual({ status: 200, json: { received: true, applied: false } });
    expect((await db.checkoutSession.findUniqueOrThrow({ where: { id: sessionId } })).status).toBe("expired");
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
  });

  it("unknown event types are acknowledged and ignored", async () => {
    for (const type of ["customer.created", "payment_intent.succeeded", "invoice.paid"]) {
      expect(await deliver(stripe.event(type, { id: "obj_1", object: "whatever" }))).toEqual({ status: 200, json: { received: true, applied: false } });
    }
  });
});

describe("refunds", () => {
  it("charge.refunded debits the refunded cents as usd_micros (1 cent = 10,000), partial then full, once per event", async () => {
    const { t, sessionId } = await checkout("team");
    await deliver(stripe.checkoutCompleted(sessionId));
    const partial = stripe.chargeRefunded(sessionId, 1_250);
    expect((await deliver(partial)).json.applied).toBe(true);
    expect((await deliver(partial)).json.applied).toBe(false);
    expect((await getBalance(t.workspace.id)).balance).toBe(50_000_000n - 12_500_000n);
    // Stripe's amount_refunded is cumulative: the full refund debits only the rest.
    const full = stripe.chargeRefunded(sessionId, 5_000);
    expect((await deliver(full)).json.applied).toBe(true);
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
    const refunds = await db.ledgerEntry.findMany({ where: { workspaceId: t.workspace.id, kind: "refund" }, orderBy: { amount: "asc" } });
    expect(refunds.map((r) => [r.amount, r.sourceId])).toEqual([
      [-37_500_000n, full.id],
      [-12_500_000n, partial.id],
    ]);
    // An older event arriving late changes nothing.
    expect((await deliver(stripe.chargeRefunded(sessionId, 2_000))).json.applied).toBe(false);
    const s = await ledgerState(t.workspace.id);
    expect(s.sum).toBe(s.balance);
  });

  it("a refund arriving before its payment is recorded gets 409 (Stripe retries) and applies after", async () => {
    const { t, sessionId } = await checkout("starter");
    stripe.pay(sessionId);
    const refund = stripe.chargeRefunded(sessionId, 1_000);
    const early = await deliver(refund);
    expect(early.status).toBe(409);
    expect(await db.stripeEvent.findUnique({ where: { id: refund.id } })).toBeNull();
    await deliver(stripe.checkoutCompleted(sessionId));
    expect((await deliver(refund)).json.applied).toBe(true);
    expect((await getBalance(t.workspace.id)).balance).toBe(0n);
  });

  it("a refund of a payment that is not ours is acknowledged and ignored", async () => {
    const res = await deliver(stripe.event("charge.refunded", { id: "ch_x", object: "charge", amount: 100, amount_refunded: 100, currency: "usd", customer: "cus_unknown", payment_intent: "pi_unknown" }));
    expect(res).toEqual({ status: 200, json: { received: true, applied: false } });
  });
});

describe("secrets", () => {
  it("neither the webhook secret nor the API key reaches logs or responses", async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const { sessionId } = await checkout("starter");
      const evt = stripe.checkoutCompleted(sessionId);
      const bad = await deliver(evt, { secret: "whsec_wrong" });
      const ok = await deliver(evt);
      const stranger = await deliver(stripe.event("checkout.session.completed", { id: "cs_test_unknown", payment_status: "paid" }));
      const text = JSON.stringify([bad, ok, stranger]) + lines.join("\n");
      expect(text).not.toContain(WEBHOOK_SECRET);
      expect(text).not.toContain(SECRET_KEY);
    } finally {
      setLogSink(null);
    }
  });
});
