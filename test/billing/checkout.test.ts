// POST /v1/billing/checkout through the real Stripe SDK against a fake Stripe API on
// 127.0.0.1: the Checkout Session request Stripe receives, the customer created once per
// workspace, our CheckoutSession row, owner-only access, and clear errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as checkoutPOST } from "@/app/v1/billing/checkout/route";
import { GET as packsGET } from "@/app/v1/billing/packs/route";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { checkoutResponse } from "@/lib/schemas/billing";
import { startFakeStripe, type FakeStripe } from "@/test/support/fake-stripe";
import { as, asToken, call } from "@/test/support/http";
import { lastAudit, tenant, type Tenant } from "@/test/support/world";

const SECRET_KEY = "sk_test_checkout_1234567890abcdef";
let stripe: FakeStripe;
let t: Tenant;
let other: Tenant;

beforeAll(async () => {
  stripe = await startFakeStripe({ secretKey: SECRET_KEY, webhookSecret: "whsec_checkout" });
  t = await tenant();
  other = await tenant();
});
afterAll(async () => {
  await stripe.close();
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
  delete process.env.APP_URL;
});
beforeEach(() => {
  Object.assign(process.env, { STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: "whsec_checkout", STRIPE_API_BASE: stripe.url, APP_URL: "https://console.example.test" });
  stripe.state.requests.length = 0;
});

const buy = (packId: unknown, headers = as(t.owner, t.slug)) => call(checkoutPOST, "/v1/billing/checkout", { method: "POST", headers, body: { packId } });

describe("POST /v1/billing/checkout", () => {
  it("201: a payment-mode session for the pack, in cents, with our metadata and console return URLs", async () => {
    const res = await buy("team");
    expect(res.status).toBe(201);
    const body = checkoutResponse.parse(res.json);
    expect(body.id).toMatch(/^cs_test_/);
    expect(body.url).toBe(`${stripe.url}/pay/${body.id}`);

    const customerReq = stripe.state.requests.find((r) => r.path === "/v1/customers")!;
    expect(customerReq.form).toMatchObject({ name: t.workspace.name, metadata: { workspaceId: t.workspace.id } });
    expect(customerReq.idempotencyKey).toBe(`workspace-customer-${t.workspace.id}`);
    const sessionReq = stripe.state.requests.find((r) => r.path === "/v1/checkout/sessions")!;
    const workspace = await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } });
    expect(workspace.stripeCustomerId).toMatch(/^cus_test_/);
    expect(sessionReq.form).toMatchObject({
      mode: "payment",
      customer: workspace.stripeCustomerId,
      client_reference_id: t.workspace.id,
      metadata: { workspaceId: t.workspace.id, packId: "team", credits: "50000000" },
      line_items: [{ quantity: "1", price_data: { currency: "usd", unit_amount: "5000" } }],
      success_url: `https://console.example.test/w/${t.slug}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `https://console.example.test/w/${t.slug}/billing/canceled`,
    });

    const row = await db.checkoutSession.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ workspaceId: t.workspace.id, packId: "team", credits: 50_000_000n, amountCents: 5_000, currency: "usd", status: "open", createdById: t.owner.id });
    const audit = await lastAudit(t.workspace.id, "billing.checkout");
    expect(audit).toMatchObject({ actorId: t.owner.id, targetId: body.id });
  });

  it("reuses the workspace's Stripe customer on later purchases", async () => {
    const before = (await db.workspace.findUniqueOrThrow({ where: { id: t.workspace.id } })).stripeCustomerId;
    const res = await buy("starter");
    expect(res.status).toBe(201);
    expect(stripe.state.requests.map((r) => r.path)).toEqual(["/v1/checkout/sessions"]);
    expect(stripe.sessions.get(res.json.id)!.customer).toBe(before);
  });

  it("concurrent first purchases of a new workspace end with one customer", async () => {
    const fresh = await tenant();
    const results = await Promise.all(Array.from({ length: 4 }, () => buy("starter", as(fresh.owner, fresh.slug))));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    const customerId = (await db.workspace.findUniqueOrThrow({ where: { id: fresh.workspace.id } })).stripeCustomerId;
    expect(new Set(results.map((r) => stripe.sessions.get(r.json.id)!.customer))).toEqual(new Set([customerId]));
  });

  it("a token needs the workspace:admin scope; the tenant admin and members get 403", async () => {
    const admin = await asToken(t.owner, t.workspace.id, { scopes: ["workspace:admin"] });
    expect((await buy("starter", admin)).status).toBe(201);
    const readOnly = await buy("starter", await asToken(t.owner, t.workspace.id, { scopes: ["workspace:read"] }));
    expect(readOnly.status).toBe(403);
    for (const who of [t.admin, t.member]) {
      const res = await buy("starter", as(who, t.slug));
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("forbidden");
    }
  });

  it("401 without credentials; 404 for another tenant's workspace, which stays untouched", async () => {
    expect((await call(checkoutPOST, "/v1/billing/checkout", { method: "POST", headers: { "x-tenant-id": t.slug }, body: { packId: "starter" } })).status).toBe(401);
    const res = await buy("starter", as(t.owner, other.slug));
    expect(res.status).toBe(404);
    expect(await db.checkoutSession.count({ where: { workspaceId: other.workspace.id } })).toBe(0);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: other.workspace.id } })).stripeCustomerId).toBeNull();
  });

  it("422 for an unknown pack, a missing pack or extra fields; nothing reaches Stripe", async () => {
    for (const body of [{ packId: "platinum" }, {}, { packId: "starter", credits: 999_999_999 }, { packId: "starter", workspaceId: other.workspace.id }]) {
      const res = await call(checkoutPOST, "/v1/billing/checkout", { method: "POST", headers: as(t.owner, t.slug), body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect(stripe.state.requests).toEqual([]);
  });

  it("409 'Billing is not configured' without STRIPE_SECRET_KEY", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    const res = await buy("starter");
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/Billing is not configured/);
    const packs = await call(packsGET, "/v1/billing/packs", { headers: as(t.owner, t.slug) });
    expect(packs.json.configured).toBe(false);
  });

  it("a Stripe error becomes a plain 409, logged without the key or Stripe's message; no session row", async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const before = await db.checkoutSession.count({ where: { workspaceId: t.workspace.id } });
      stripe.state.failNext = { status: 400, type: "invalid_request_error", code: "parameter_invalid_integer", message: "Invalid integer: sk_leak" };
      const res = await buy("starter");
      expect(res.status).toBe(409);
      expect(res.text).not.toContain("sk_leak");
      expect(res.json.error.message).toMatch(/Stripe did not accept/);
      expect(await db.checkoutSession.count({ where: { workspaceId: t.workspace.id } })).toBe(before);
      process.env.STRIPE_SECRET_KEY = "sk_test_wrong_key_0000";
      const auth = await buy("starter");
      expect(auth.status).toBe(409);
    } finally {
      setLogSink(null);
    }
    expect(lines.some((l) => l.includes("parameter_invalid_integer"))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/sk_test_|sk_leak/);
  });
});
