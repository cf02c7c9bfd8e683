import { describe, expect, it } from "vitest";
import { computeSignature, parseSignatureHeader, signatureHeader, signWebhook, verifyWebhook } from "./verify";

// The vector published in the README: change it only together with the documentation, since
// receivers may pin it in their own tests.
const VECTOR = {
  secret: "whsec_dGhpcyBpcyBhIGZyb3plbiB0ZXN0IHZlY3RvciBzZWNyZXQ",
  timestamp: "1700000000",
  body: '{"id":"evt_0000000000frozenvector0","type":"run.succeeded","createdAt":"2023-11-14T22:13:20.000Z","data":{"runId":"run_0000000000frozenvector0","status":"succeeded"}}',
  header: "v1=cc012cac6983e0eaec8bf7e1c2b795a4b3d91676b50680f445522c98eebb9ac6",
};
const NOW = 1_700_000_000;

describe("signWebhook", () => {
  it("reproduces the frozen, published vector", () => {
    expect(signWebhook(VECTOR.secret, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.header);
    expect(signWebhook(VECTOR.secret, Number(VECTOR.timestamp), Buffer.from(VECTOR.body))).toBe(VECTOR.header);
    expect(verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, timestamp: VECTOR.timestamp, signature: VECTOR.header, now: NOW })).toEqual({ ok: true, timestamp: NOW });
  });

  it("joins one entry per secret, newest first", () => {
    const h = signatureHeader(["whsec_new", "whsec_old"], 1, "{}");
    expect(h).toBe(`v1=${computeSignature("whsec_new", 1, "{}")},v1=${computeSignature("whsec_old", 1, "{}")}`);
    expect(parseSignatureHeader(h)).toHaveLength(2);
  });
});

describe("verifyWebhook: replay window", () => {
  const at = (t: number) => {
    const ts = String(NOW + t);
    return verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, timestamp: ts, signature: signWebhook(VECTOR.secret, ts, VECTOR.body), now: NOW });
  };
  it("t = now−301 / −300 / 0 / +300 / +301 → reject / accept / accept / accept / reject", () => {
    expect(at(-301)).toEqual({ ok: false, reason: "timestamp_too_old" });
    expect(at(-300).ok).toBe(true);
    expect(at(0).ok).toBe(true);
    expect(at(300).ok).toBe(true);
    expect(at(301)).toEqual({ ok: false, reason: "timestamp_in_future" });
  });

  it("a non-numeric, fractional, negative or exponent timestamp is rejected even when signed", () => {
    for (const ts of ["abc", "1700000000.5", "-1700000000", "1.7e9", "0x6553f100", " ", "1700000000abc"]) {
      const r = verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, timestamp: ts, signature: signWebhook(VECTOR.secret, ts, VECTOR.body), now: NOW });
      expect(r, ts).toEqual({ ok: false, reason: "invalid_timestamp" });
    }
  });

  it("honours a custom tolerance and a Date for now", () => {
    const ts = String(NOW - 60);
    const signature = signWebhook(VECTOR.secret, ts, VECTOR.body);
    expect(verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, timestamp: ts, signature, now: new Date(NOW * 1000), toleranceSeconds: 59 }).ok).toBe(false);
    expect(verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, timestamp: ts, signature, now: new Date(NOW * 1000), toleranceSeconds: 60 }).ok).toBe(true);
  });
});

describe("verifyWebhook: tampering", () => {
  const base = { secret: VECTOR.secret, body: VECTOR.body, timestamp: VECTOR.timestamp, signature: VECTOR.header, now: NOW };
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "a" ? "b" : "a") + s.slice(i + 1);

  it("one changed body byte, one changed signature character, wrong secret, another timestamp → rejected", () => {
    expect(verifyWebhook({ ...base, body: flip(VECTOR.body, 10) }).ok).toBe(false);
    expect(verifyWebhook({ ...base, signature: flip(VECTOR.header, 20) }).ok).toBe(false);
    expect(verifyWebhook({ ...base, secret: `${VECTOR.secret}x` }).ok).toBe(false);
    expect(verifyWebhook({ ...base, timestamp: String(NOW + 1) }).ok).toBe(false);
  });

  it("re-serialised JSON with the same data is a different body", () => {
    const reserialised = JSON.stringify(JSON.parse(VECTOR.body), null, 1);
    expect(verifyWebhook({ ...base, body: reserialised })).toEqual({ ok: false, reason: "no_matching_signature" });
  });

  it("other schemes, a missing prefix, a wrong length and garbage entries do not match", () => {
    const hex = VECTOR.header.slice(3);
    for (const signature of [`v0=${hex}`, `sha256=${hex}`, hex, `v1=${hex.slice(0, 63)}`, `v1=${hex}00`, "v1=", ",,,", `v1=${"z".repeat(64)}`]) {
      expect(verifyWebhook({ ...base, signature }).ok, signature).toBe(false);
    }
  });

  it("missing headers and no secret are reported as such", () => {
    expect(verifyWebhook({ ...base, signature: "" })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, signature: VECTOR.header, now: NOW })).toEqual({ ok: false, reason: "missing_timestamp" });
    expect(verifyWebhook({ ...base, secret: undefined })).toEqual({ ok: false, reason: "no_secret" });
  });
});

describe("verifyWebhook: headers and rotation", () => {
  it("reads a fetch Headers object and Node's lower-cased header record", () => {
    const fetchHeaders = new Headers({ "X-Agentruntime-Timestamp": VECTOR.timestamp, "X-Agentruntime-Signature": VECTOR.header });
    expect(verifyWebhook({ secret: VECTOR.secret, body: VECTOR.body, headers: fetchHeaders, now: NOW }).ok).toBe(true);
    const nodeHeaders = { "x-agentruntime-timestamp": VECTOR.timestamp, "x-agentruntime-signature": VECTOR.header };
    expect(verifyWebhook({ secret: VECTOR.secret, body: Buffer.from(VECTOR.body), headers: nodeHeaders, now: NOW }).ok).toBe(true);
  });

  it("a header with the new and the old signature is accepted by a receiver holding either secret", () => {
    const header = signatureHeader(["whsec_new_secret", "whsec_old_secret"], VECTOR.timestamp, VECTOR.body);
    for (const secret of ["whsec_new_secret", "whsec_old_secret"]) {
      expect(verifyWebhook({ secret, body: VECTOR.body, timestamp: VECTOR.timestamp, signature: header, now: NOW }).ok).toBe(true);
    }
    expect(verifyWebhook({ secret: "whsec_third", body: VECTOR.body, timestamp: VECTOR.timestamp, signature: header, now: NOW }).ok).toBe(false);
    // A receiver mid-migration may hold both secrets and accept a header carrying only one.
    const onlyOld = signatureHeader(["whsec_old_secret"], VECTOR.timestamp, VECTOR.body);
    expect(verifyWebhook({ secrets: ["whsec_new_secret", "whsec_old_secret"], body: VECTOR.body, timestamp: VECTOR.timestamp, signature: onlyOld, now: NOW }).ok).toBe(true);
  });
});
