import { createHmac, timingSafeEqual } from "node:crypto";

// Verification helper for consumers of AgentRuntime's outbound webhooks. Deliberately
// dependency-free (node:crypto only, nothing else from this repository) so it can be copied
// into a receiver as is. The platform signs with the same `signWebhook`, so the sender and
// the published helper cannot drift apart.
//
//   X-Agentruntime-Timestamp: <Unix seconds>
//   X-Agentruntime-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>[,v1=<…>]
//
// During a secret rotation's grace window the signature header carries one `v1=` entry per
// valid secret (newest first); a receiver holding either secret accepts the delivery.

export const SIGNATURE_HEADER = "x-agentruntime-signature";
export const TIMESTAMP_HEADER = "x-agentruntime-timestamp";
export const EVENT_ID_HEADER = "x-agentruntime-event-id";
const DEFAULT_TOLERANCE_SECONDS = 300;

type Body = string | Uint8Array;
type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

type VerifyWebhookInput = {
  /** The endpoint's signing secret (`whsec_…`), or several while you roll your own config. */
  secret?: string;
  secrets?: readonly string[];
  /** The raw request body, exactly as received (never a re-serialised object). */
  body: Body;
  /** The request headers (a fetch `Headers`, or Node's `req.headers`)… */
  headers?: HeaderBag;
  /** …or the two header values directly. */
  timestamp?: string | number;
  signature?: string;
  /** Maximum distance between the timestamp and now, either direction. Default 300 s. */
  toleranceSeconds?: number;
  /** "Now" for the replay check: a Date, or Unix seconds. Default: the clock. */
  now?: Date | number;
};

type VerifyFailure =
  | "no_secret"
  | "missing_timestamp"
  | "missing_signature"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_in_future"
  | "no_matching_signature";

export type VerifyWebhookResult = { ok: true; timestamp: number } | { ok: false; reason: VerifyFailure };

const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

function toBuffer(body: Body): Buffer {
  return typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

/** The hex HMAC-SHA256 of `timestamp + "." + body` under the secret (as UTF-8 bytes, prefix included). */
export function computeSignature(secret: string, timestamp: string | number, body: Body): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(`${timestamp}.`, "utf8").update(toBuffer(body)).digest("hex");
}

/** One signature entry, `v1=<hex>`. */
export function signWebhook(secret: string, timestamp: string | number, body: Body): string {
  return `v1=${computeSignature(secret, timestamp, body)}`;
}

/** The whole header value for one or more secrets, newest first: `v1=<a>,v1=<b>`. */
export function signatureHeader(secrets: readonly string[], timestamp: string | number, body: Body): string {
  return secrets.map((s) => signWebhook(s, timestamp, body)).join(",");
}

function header(bag: HeaderBag | undefined, name: string): string | undefined {
  if (!bag) return undefined;
  if (typeof (bag as { get?: unknown }).get === "function") return (bag as { get(n: string): string | null }).get(name) ?? undefined;
  const rec = bag as Record<string, string | string[] | undefined>;
  const key = Object.keys(rec).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : rec[key];
  return Array.isArray(value) ? value.join(",") : value;
}

/** The `v1` signatures of a header value; other schemes and malformed entries are ignored. */
export function parseSignatureHeader(value: string): Buffer[] {
  const out: Buffer[] = [];
  for (const entry of value.split(",")) {
    const eq = entry.indexOf("=");
    if (eq < 0) continue;
    const scheme = entry.slice(0, eq).trim();
    const hex = entry.slice(eq + 1).trim().toLowerCase();
    if (scheme === "v1" && HEX_SIGNATURE.test(hex)) out.push(Buffer.from(hex, "hex"));
  }
  return out;
}

/**
 * Checks a delivery: the timestamp is a whole number of seconds within the tolerance of now
 * (either direction, replay protection), and one `v1` signature matches one secret
 * (constant-time comparison). Verify before parsing the body.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifyWebhookResult {
  const secrets = [...(input.secrets ?? []), ...(input.secret !== undefined ? [input.secret] : [])].filter((s) => typeof s === "string" && s.length > 0);
  if (secrets.length === 0) return { ok: false, reason: "no_secret" };
  const rawTs = input.timestamp !== undefined ? String(input.timestamp) : header(input.headers, TIMESTAMP_HEADER);
  const sigHeader = input.signature ?? header(input.headers, SIGNATURE_HEADER);
  if (rawTs === undefined || rawTs === "") return { ok: false, reason: "missing_timestamp" };
  if (sigHeader === undefined || sigHeader === "") return { ok: false, reason: "missing_signature" };
  const tsText = rawTs.trim();
  if (!/^\d{1,12}$/.test(tsText)) return { ok: false, reason: "invalid_timestamp" };
  const ts = Number(tsText);
  const now = input.now === undefined ? Date.now() / 1000 : input.now instanceof Date ? input.now.getTime() / 1000 : input.now;
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(now);
  if (ts < nowSeconds - tolerance) return { ok: false, reason: "timestamp_too_old" };
  if (ts > nowSeconds + tolerance) return { ok: false, reason: "timestamp_in_future" };
  const received = parseSignatureHeader(sigHeader);
  const body = toBuffer(input.body);
  let matched = false;
  // Every pair is compared (no early exit), so timing does not reveal which entry matched.
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret, tsText, body), "hex");
    for (const sig of received) if (timingSafeEqual(expected, sig)) matched = true;
  }
  return matched ? { ok: true, timestamp: ts } : { ok: false, reason: "no_matching_signature" };
}
