import "server-only";
import Stripe from "stripe";
import { ApiError } from "@/lib/core/errors";

// One Stripe client per configuration. STRIPE_API_BASE points the SDK at another API host
// (tests, self-hosted mocks): its protocol, host and port go to the SDK constructor. The keys
// are read here and nowhere else, and never logged.

const notConfigured = () => new ApiError("conflict", "Billing is not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");

let cached: { key: string; base: string; client: Stripe } | null = null;

function endpoint(base: string): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!base) return {};
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error("STRIPE_API_BASE must be a URL such as http://127.0.0.1:12111");
  }
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/** The Stripe API client; 409 "Billing is not configured" without STRIPE_SECRET_KEY. */
export function stripeClient(): Stripe {
  const key = process.env.STRIPE_SECRET_KEY?.trim() ?? "";
  if (!key) throw notConfigured();
  const base = process.env.STRIPE_API_BASE?.trim() ?? "";
  if (cached && cached.key === key && cached.base === base) return cached.client;
  const client = new Stripe(key, { ...endpoint(base), maxNetworkRetries: 2, timeout: 20_000, telemetry: false });
  cached = { key, base, client };
  return client;
}

export function webhookSecret(): string {
  const secret = process.env.STRIPE_WEBHOOK_SECRET?.trim() ?? "";
  if (!secret) throw notConfigured();
  return secret;
}

/** Verification needs no API key: the SDK's static webhook helpers. */
export const stripeWebhooks = Stripe.webhooks;

/** Cents (Stripe's unit for USD) to usd_micros: 1 cent = 10,000 usd_micros. */
export const centsToMicros = (cents: number | bigint): bigint => BigInt(cents) * 10_000n;
