// A small Stripe API on 127.0.0.1 for tests and e2e, speaking Stripe's wire format: bearer
// secret-key auth, form-encoded request bodies with bracketed keys (metadata[a]=b,
// line_items[0][price_data][currency]=usd), JSON objects shaped like Stripe's, Stripe's error
// body ({ error: { type, code, message, param } }) and Idempotency-Key replays. It implements
// POST /v1/customers, POST /v1/checkout/sessions and GET /v1/checkout/sessions/:id, plus a
// hosted "payment page" (GET /pay/:id) whose Pay link completes the session and redirects to
// its success_url. Events are built from its state and signed like Stripe signs them.
// No "@/…" imports: Playwright loads this file too.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = Record<string, unknown>;
type Form = { [k: string]: string | Form | Form[] | string[] };

type FakeSession = Json & {
  id: string;
  customer: string | null;
  amount_total: number;
  metadata: Record<string, string>;
  client_reference_id: string | null;
  success_url: string;
  cancel_url: string | null;
  payment_intent: string | null;
  payment_status: "paid" | "unpaid";
  status: "open" | "complete";
  url: string;
};

const rid = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);
const API_VERSION = "2026-10-28.endive";

/** Stripe's form encoding → nested objects; numeric keys become array slots. */
function parseStripeForm(body: string): Form {
  const out: Form = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: Form = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        (node as Record<string, unknown>)[part] = value;
        return;
      }
      const next = (node as Record<string, unknown>)[part];
      if (!next || typeof next !== "object") (node as Record<string, unknown>)[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
      node = (node as Record<string, unknown>)[part] as Form;
    });
  }
  return out;
}

function stripeError(res: ServerResponse, status: number, error: { type: string; message: string; code?: string; param?: string }) {
  res.writeHead(status, { "content-type": "application/json", "request-id": rid("req") });
  res.end(JSON.stringify({ error: { ...error, doc_url: error.code ? `https://stripe.com/docs/error-codes/${error.code.replace(/_/g, "-")}` : undefined, request_log_url: null } }));
}

type FakeStripeOptions = { port?: number; secretKey: string; webhookSecret: string };

export async function startFakeStripe(opts: FakeStripeOptions) {
  const customers = new Map<string, Json>();
  const sessions = new Map<string, FakeSession>();
  const idempotent = new Map<string, { status: number; body: string }>();
  const state = {
    requests: [] as { method: string; path: string; form: Form; idempotencyKey: string | null }[],
    /** The next API call fails with this status and Stripe error (then the switch resets). */
    failNext: null as null | { status: number; type: string; message: string; code?: string },
  };
  let base = "";

  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown, key: string | null) => {
    const text = JSON.stringify(body);
    if (key) idempotent.set(key, { status, body: text });
    res.writeHead(status, { "content-type": "application/json", "request-id": rid("req"), ...(key ? { "idempotency-key": key } : {}) });
    res.end(text);
  };

  function createCustomer(form: Form): Json {
    const c = {
      id: rid("cus"), object: "customer", address: null, balance: 0, created: now(), currency: null, default_source: null, delinquent: false,
      description: (form.description as string) ?? null, email: (form.email as string) ?? null, invoice_prefix: randomBytes(4).toString("hex").toUpperCase(),
      invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
      livemode: false, metadata: (form.metadata as Json) ?? {}, name: (form.name as string) ?? null, phone: null, preferred_locales: [], shipping: null, tax_exempt: "none", test_clock: null,
    };
    customers.set(c.id, c);
    return c;
  }

  function createSession(form: Form): { session: FakeSession } | { error: { param: string; message: string } } {
    for (const param of ["mode", "success_url"]) if (!form[param]) return { error: { param, message: `Missing required param: ${param}.` } };
    const items = (form.line_items as Form[] | undefined) ?? [];
    if (!items.length) return { error: { param: "line_items", message: "Missing required param: line_items." } };
    if (form.customer && !customers.has(form.customer as string)) return { error: { param: "customer", message: `No such customer: '${form.customer}'` } };
    let total = 0;
    for (const item of items) {
      const price = item.price_data as Form | undefined;
      const amount = Number(price?.unit_amount);
      if (!price || !Number.isInteger(amount) || amount < 0) return { error: { param: "line_items[0][price_data][unit_amount]", message: "Invalid integer" } };
      total += amount * Number(item.quantity ?? 1);
    }
    const id = `cs_test_${randomBytes(16).toString("hex")}`;
    const s: FakeSession = {
      id, object: "checkout.session", after_expiration: null, allow_promotion_codes: null, amount_subtotal: total, amount_total: total,
      automatic_tax: { enabled: false, liability: null, status: null }, billing_address_collection: null, cancel_url: (form.cancel_url as string) ?? null,
      client_reference_id: (form.client_reference_id as string) ?? null, client_secret: null, created: now(),
      currency: ((items[0].price_data as Form).currency as string) ?? "usd", customer: (form.customer as string) ?? null, customer_creation: null,
      customer_details: null, customer_email: null, expires_at: now() + 86_400, invoice: null, livemode: false, locale: null,
      metadata: (form.metadata as Record<string, string>) ?? {}, mode: form.mode as string, payment_intent: null, payment_link: null,
      payment_method_collection: "if_required", payment_method_types: ["card"], payment_status: "unpaid", status: "open", submit_type: null,
      subscription: null, success_url: form.success_url as string, total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      ui_mode: "hosted", url: `${base}/pay/${id}`,
    };
    sessions.set(id, s);
    return { session: s };
  }

  /** Marks a session paid, as the hosted page would after a successful card payment. */
  function pay(id: string): FakeSession {
    const s = sessions.get(id);
    if (!s) throw new Error(`fake-stripe: no session ${id}`);
    if (s.payment_status !== "paid") Object.assign(s, { payment_status: "paid", status: "complete", payment_intent: rid("pi") });
    return s;
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.headers.authorization !== `Bearer ${opts.secretKey}`) {
      return stripeError(res, 401, { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****" });
    }
    const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
    const form = parseStripeForm(req.method === "POST" ? await readBody(req) : "");
    state.requests.push({ method: req.method ?? "GET", path: url.pathname, form, idempotencyKey: key });
    const replay = key && req.method === "POST" ? idempotent.get(key) : undefined;
    if (replay) {
      res.writeHead(replay.status, { "content-type": "application/json", "idempotent-replayed": "true" });
      return res.end(replay.body);
    }
    if (state.failNext) {
      const { status, ...error } = state.failNext;
      state.failNext = null;
      return stripeError(res, status, error);
    }
    if (req.method === "POST" && url.pathname === "/v1/customers") return sendJson(res, 200, createCustomer(form), key);
    if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
      const created = createSession(form);
      if ("error" in created) return stripeError(res, 400, { type: "invalid_request_error", code: "parameter_missing", ...created.error });
      return sendJson(res, 200, created.session, key);
    }
    const m = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && m) {
      const s = sessions.get(m[1]);
      return s ? sendJson(res, 200, s, null) : stripeError(res, 404, { type: "invalid_request_error", code: "resource_missing", param: "session", message: `No such checkout.session: '${m[1]}'` });
    }
    return stripeError(res, 404, { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname}).` });
  }

  function page(res: ServerResponse, url: URL) {
    const m = /^\/pay\/([^/]+)(\/complete|\/cancel)?$/.exec(url.pathname);
    const s = m ? sessions.get(m[1]) : undefined;
    if (!m || !s) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("No such checkout session");
    }
    if (m[2] === "/complete") {
      pay(s.id);
      res.writeHead(303, { location: s.success_url.replace("{CHECKOUT_SESSION_ID}", s.id) });
      return res.end();
    }
    if (m[2] === "/cancel") {
      res.writeHead(303, { location: s.cancel_url ?? "/" });
      return res.end();
    }
    const dollars = (s.amount_total / 100).toFixed(2);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><title>Fake Stripe Checkout</title><h1>Fake Stripe Checkout</h1>
<p>Pay <strong>$${dollars}</strong> for session <code>${s.id}</code></p>
<p><a href="/pay/${s.id}/complete">Pay $${dollars}</a> · <a href="/pay/${s.id}/cancel">Back</a></p>`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = url.pathname.startsWith("/v1/") ? api(req, res, url) : Promise.resolve(page(res, url));
    handler.catch((err) => stripeError(res, 500, { type: "api_error", message: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const event = (type: string, object: Json) => ({
    id: rid("evt"), object: "event", api_version: API_VERSION, created: now(), data: { object }, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, type,
  });

  return {
    url: base,
    state,
    sessions,
    customers,
    pay,
    /** checkout.session.completed for a session (paid first unless `unpaid`). */
    checkoutCompleted(sessionId: string, o: { unpaid?: boolean } = {}) {
      const s = o.unpaid ? sessions.get(sessionId)! : pay(sessionId);
      return event("checkout.session.completed", { ...s, ...(o.unpaid ? { status: "complete" } : {}) });
    },
    /** charge.refunded for a paid session's charge, with Stripe's cumulative amount_refunded. */
    chargeRefunded(sessionId: string, amountRefunded: number) {
      const s = sessions.get(sessionId)!;
      return event("charge.refunded", {
        id: `ch_${s.payment_intent?.slice(3)}`, object: "charge", amount: s.amount_total, amount_captured: s.amount_total, amount_refunded: amountRefunded,
        captured: true, created: now(), currency: s.currency, customer: s.customer, livemode: false, metadata: s.metadata, paid: true,
        payment_intent: s.payment_intent, refunded: amountRefunded >= s.amount_total, status: "succeeded",
      });
    },
    event,
    /** The body and Stripe-Signature header Stripe would send for an event. */
    sign(evt: unknown, o: { timestamp?: number; secret?: string } = {}) {
      const payload = JSON.stringify(evt);
      return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: o.secret ?? opts.webhookSecret, timestamp: o.timestamp }) };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;

// The e2e app is told these up front (e2e/support/serve.ts); the spec starts the fake there.
export const E2E_STRIPE = { port: 3141, secretKey: "sk_test_e2e_fake_stripe_key", webhookSecret: "whsec_e2e_fake_stripe_secret" } as const;

export function stripeE2eEnv(): Record<string, string> {
  return { STRIPE_SECRET_KEY: E2E_STRIPE.secretKey, STRIPE_WEBHOOK_SECRET: E2E_STRIPE.webhookSecret, STRIPE_API_BASE: `http://127.0.0.1:${E2E_STRIPE.port}` };
}
