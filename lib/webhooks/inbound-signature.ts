import { createHmac, timingSafeEqual } from "node:crypto";

// Inbound webhook signatures, GitHub's scheme: `sha256=<hex HMAC-SHA256(secret, raw body)>`.
// Always computed over the exact bytes received, before any parsing: re-serialised JSON with
// the same data is a different body and fails.

export const INBOUND_SIGNATURE_HEADER = "x-agentruntime-signature";
const PREFIX = "sha256=";
const HEX_LENGTH = 64;

type SignableBody = string | Uint8Array;

const bytes = (body: SignableBody) => (typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body.buffer, body.byteOffset, body.byteLength));

/** The header value a sender puts in X-Agentruntime-Signature for `body`. */
export function signInbound(secret: string, body: SignableBody): string {
  return PREFIX + createHmac("sha256", secret).update(bytes(body)).digest("hex");
}

/**
 * True only for `sha256=` followed by exactly the 64 lower- or upper-case hex digits of the
 * body's HMAC. Compared in constant time over equal-length buffers; any other shape (missing,
 * `sha1=`, no prefix, wrong length, non-hex) is false without throwing.
 */
export function verifyInboundSignature(secret: string, body: SignableBody, header: string | null | undefined): boolean {
  if (typeof header !== "string" || !header.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (given.length !== HEX_LENGTH || !/^[0-9a-fA-F]+$/.test(given)) return false;
  const expected = createHmac("sha256", secret).update(bytes(body)).digest();
  const actual = Buffer.from(given, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
