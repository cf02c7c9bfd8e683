import { describe, expect, it } from "vitest";
import { signInbound, verifyInboundSignature } from "@/lib/webhooks/inbound-signature";

// GitHub's published vector (docs: "Validating webhook deliveries").
const SECRET = "It's a Secret to Everybody";
const BODY = "Hello, World!";
const SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

function flipHex(sig: string, at: number): string {
  const c = sig[at];
  return sig.slice(0, at) + (c === "0" ? "1" : "0") + sig.slice(at + 1);
}

describe("inbound signature (sha256= HMAC of the raw body)", () => {
  it("reproduces GitHub's published vector and verifies it (string and bytes)", () => {
    expect(signInbound(SECRET, BODY)).toBe(SIGNATURE);
    expect(signInbound(SECRET, new TextEncoder().encode(BODY))).toBe(SIGNATURE);
    expect(verifyInboundSignature(SECRET, BODY, SIGNATURE)).toBe(true);
    expect(verifyInboundSignature(SECRET, Buffer.from(BODY), SIGNATURE)).toBe(true);
    // Hex digits are case-insensitive, as the HMAC value is the same.
    expect(verifyInboundSignature(SECRET, BODY, "sha256=" + SIGNATURE.slice(7).toUpperCase())).toBe(true);
  });

  it("a byte view into a larger buffer signs only its own bytes", () => {
    const big = Buffer.from(`xx${BODY}yy`);
    expect(signInbound(SECRET, big.subarray(2, 2 + BODY.length))).toBe(SIGNATURE);
  });

  it("one changed body byte → rejected (every position)", () => {
    const bytes = Buffer.from(BODY);
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i] ^= 0x01;
      expect(verifyInboundSignature(SECRET, tampered, SIGNATURE)).toBe(false);
    }
  });

  it("one changed signature character → rejected (every hex position)", () => {
    for (let i = 7; i < SIGNATURE.length; i++) expect(verifyInboundSignature(SECRET, BODY, flipHex(SIGNATURE, i))).toBe(false);
  });

  it("wrong secret, sha1= prefix, no prefix, other prefixes → rejected", () => {
    expect(verifyInboundSignature("It's a Secret to Everybody!", BODY, SIGNATURE)).toBe(false);
    expect(verifyInboundSignature("", BODY, SIGNATURE)).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, "sha1=" + SIGNATURE.slice(7))).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, "sha1=01c0cb0d2c5bbb1e0c24a9fa0b9b9e4a1c6fbd6c")).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, SIGNATURE.slice(7))).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, "SHA256=" + SIGNATURE.slice(7))).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, "sha512=" + SIGNATURE.slice(7))).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, " " + SIGNATURE)).toBe(false);
  });

  it("wrong length or non-hex → rejected without throwing", () => {
    const cases = [
      SIGNATURE.slice(0, -1),
      SIGNATURE + "0",
      SIGNATURE + "00",
      SIGNATURE.slice(0, -2),
      "sha256=",
      "sha256=" + "z".repeat(64),
      "sha256=" + SIGNATURE.slice(7, -1) + "g",
      "sha256=" + "0".repeat(10_000),
      "",
    ];
    for (const c of cases) expect(() => verifyInboundSignature(SECRET, BODY, c)).not.toThrow();
    for (const c of cases) expect(verifyInboundSignature(SECRET, BODY, c)).toBe(false);
  });

  it("missing header → rejected", () => {
    expect(verifyInboundSignature(SECRET, BODY, null)).toBe(false);
    expect(verifyInboundSignature(SECRET, BODY, undefined)).toBe(false);
  });

  it("re-serialised JSON with the same data is a different body → rejected", () => {
    const sent = '{"a":1}';
    const sig = signInbound(SECRET, sent);
    expect(verifyInboundSignature(SECRET, sent, sig)).toBe(true);
    for (const same of ['{ "a": 1 }', '{"a":1.0}', '{"a":1}\n', JSON.stringify(JSON.parse(sent), null, 2)]) {
      expect(JSON.parse(same)).toEqual(JSON.parse(sent));
      expect(verifyInboundSignature(SECRET, same, sig)).toBe(false);
    }
  });

  it("the signature is over UTF-8 bytes: an empty body and non-ASCII bodies round-trip", () => {
    for (const body of ["", "héllo ✓", '{"emoji":"🦀"}']) {
      expect(verifyInboundSignature(SECRET, Buffer.from(body, "utf8"), signInbound(SECRET, body))).toBe(true);
      expect(verifyInboundSignature(SECRET, Buffer.from(body, "latin1"), signInbound(SECRET, body))).toBe(body === "" || /^[\x00-\x7f]*$/.test(body));
    }
  });
});
