// AGENTRUNTIME_MASTER_KEYS parsing: strict, newest first, errors that name the variable and the
// entry but never echo key material; the development generator and the production refusal.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureSecrets, SECRETS } from "@/scripts/launcher/dev-secrets";
import { VaultError } from "@/lib/vault/errors";
import { parseMasterKeys } from "@/lib/vault/master-keys";

const k = () => randomBytes(32).toString("base64");

function errorOf(raw: string | undefined): string {
  try {
    parseMasterKeys(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return (err as Error).message;
  }
  throw new Error("expected parseMasterKeys to throw");
}

describe("master key ring", () => {
  it("parses versions newest first, accepting base64 and base64url", () => {
    const k2 = randomBytes(32);
    const k1 = randomBytes(32);
    const ring = parseMasterKeys(` v2:${k2.toString("base64url")} , v1:${k1.toString("base64")}`);
    expect(ring.newest.version).toBe("v2");
    expect(ring.newest.key.equals(k2)).toBe(true);
    expect(ring.versions).toEqual(["v2", "v1"]);
    expect(ring.get("v1")?.key.equals(k1)).toBe(true);
    expect(ring.get("v3")).toBeUndefined();
  });

  it.each([
    [undefined, /AGENTRUNTIME_MASTER_KEYS is not set/],
    ["", /AGENTRUNTIME_MASTER_KEYS is not set/],
    [`v1:${k()},`, /AGENTRUNTIME_MASTER_KEYS is invalid: entry 2 is empty/],
    [k(), /entry 1 has no ":"/],
    [`:${k()}`, /entry 1 has an invalid version/],
    [`v 1:${k()}`, /entry 1 has an invalid version/],
    [`v1:${k()},v1:${k()}`, /version "v1" appears more than once/],
    ["v1:not base64!", /key of version "v1" is not base64/],
    [`v1:${randomBytes(16).toString("base64")}`, /decodes to 16 bytes, not 32/],
    [`v1:${randomBytes(33).toString("base64")}`, /decodes to 33 bytes, not 32/],
    [`v1:${Buffer.alloc(32).toString("base64")}`, /not random/],
  ])("rejects %j", (raw, expected) => {
    expect(errorOf(raw)).toMatch(expected);
  });

  it("never prints key material in its errors", () => {
    const good = k();
    const short = randomBytes(31).toString("base64");
    for (const raw of [`v1:${good},v2:${short}`, `v1:${good},v1:${good}`, `v1:${good},${good}`]) {
      const message = errorOf(raw);
      expect(message).toContain("AGENTRUNTIME_MASTER_KEYS");
      expect(message).not.toContain(good);
      expect(message).not.toContain(short);
    }
  });
});

describe("master keys in development and production", () => {
  const saved = process.env.AGENTRUNTIME_MASTER_KEYS;
  afterEach(() => {
    process.env.AGENTRUNTIME_MASTER_KEYS = saved;
  });

  it("the development generator produces a valid v1 ring", () => {
    const spec = SECRETS.find((s) => s.name === "AGENTRUNTIME_MASTER_KEYS")!;
    const ring = parseMasterKeys(spec.generate());
    expect(ring.versions).toEqual(["v1"]);
  });

  it("is generated into the secrets file in development", () => {
    delete process.env.AGENTRUNTIME_MASTER_KEYS;
    const file = path.join(mkdtempSync(path.join(tmpdir(), "ar-vault-")), "secrets.json");
    ensureSecrets({ production: false, file, log: () => {} });
    const stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    expect(stored.AGENTRUNTIME_MASTER_KEYS).toBe(process.env.AGENTRUNTIME_MASTER_KEYS);
    expect(parseMasterKeys(stored.AGENTRUNTIME_MASTER_KEYS).newest.version).toBe("v1");
  });

  it("production refuses to start without it, or with a malformed value", () => {
    delete process.env.AGENTRUNTIME_MASTER_KEYS;
    expect(() => ensureSecrets({ production: true, log: () => {} })).toThrow(/AGENTRUNTIME_MASTER_KEYS/);
    process.env.AGENTRUNTIME_MASTER_KEYS = "v1:c2hvcnQ=";
    expect(() => ensureSecrets({ production: true, log: () => {} })).toThrow(/AGENTRUNTIME_MASTER_KEYS is invalid/);
  });
});
