// The ciphertext format on its own (no database): every tampering case fails, nonces never repeat.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretAad } from "@/lib/vault/aad";
import { VaultError } from "@/lib/vault/errors";
import { FORMAT_V1, NONCE_BYTES, nonceOf, open, seal, TAG_BYTES } from "@/lib/vault/format";

const key = randomBytes(32);
const aad = secretAad({ workspaceId: "ws_a", table: "Connection", rowId: "con_1", column: "secret" });
const plaintext = Buffer.from("sk-live-canary-0123456789");

function failsToOpen(blob: Uint8Array, withAad = aad, withKey: Uint8Array = key): boolean {
  try {
    open(withKey, blob, withAad, "test");
    return false;
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return true;
  }
}

describe("vault ciphertext format v1", () => {
  it("round-trips and has the documented layout", () => {
    const blob = seal(key, plaintext, aad);
    expect(blob.length).toBe(1 + NONCE_BYTES + plaintext.length + TAG_BYTES);
    expect(blob[0]).toBe(FORMAT_V1);
    expect(nonceOf(blob)).toEqual(Buffer.from(blob.subarray(1, 13)));
    expect(open(key, blob, aad, "test")).toEqual(plaintext);
    expect(Buffer.from(blob).includes(plaintext)).toBe(false);
  });

  it("fails when any single byte (version, nonce, ciphertext or tag) is flipped", () => {
    const blob = seal(key, Buffer.from("tiny secret"), aad);
    let failures = 0;
    for (let i = 0; i < blob.length; i++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const tampered = Uint8Array.from(blob);
        tampered[i] ^= mask;
        if (failsToOpen(tampered)) failures++;
      }
    }
    expect(failures).toBe(blob.length * 3);
    expect(open(key, blob, aad, "test").toString()).toBe("tiny secret");
  });

  it("rejects another format version, truncation, appended bytes, the wrong key and other AAD", () => {
    const blob = seal(key, plaintext, aad);
    for (const version of [0x00, 0x02, 0xff]) {
      const other = Uint8Array.from(blob);
      other[0] = version;
      expect(() => open(key, other, aad, "test")).toThrow(/unsupported ciphertext format version/);
    }
    expect(failsToOpen(blob.subarray(0, blob.length - 1))).toBe(true);
    expect(failsToOpen(blob.subarray(0, 1 + NONCE_BYTES + TAG_BYTES - 1))).toBe(true);
    expect(failsToOpen(Buffer.concat([blob, Buffer.from([0])]))).toBe(true);
    expect(failsToOpen(blob, aad, randomBytes(32))).toBe(true);
    expect(failsToOpen(blob, secretAad({ workspaceId: "ws_a", table: "Connection", rowId: "con_2", column: "secret" }))).toBe(true);
  });

  it("encodes AAD fields unambiguously", () => {
    const a = secretAad({ workspaceId: "ws", table: "ab", rowId: "c", column: "d" });
    const b = secretAad({ workspaceId: "ws", table: "a", rowId: "bc", column: "d" });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it("100,000 encryptions give 100,000 distinct 96-bit nonces", () => {
    const seen = new Set<string>();
    const small = Buffer.from("x");
    for (let i = 0; i < 100_000; i++) seen.add(nonceOf(seal(key, small, aad)).toString("base64"));
    expect(seen.size).toBe(100_000);
  }, 20_000);

  it("nonceOf rejects what is not a v1 ciphertext", () => {
    expect(() => nonceOf(new Uint8Array(5))).toThrow(VaultError);
    const blob = seal(key, plaintext, aad);
    blob[0] = 2;
    expect(() => nonceOf(blob)).toThrow(VaultError);
  });

  it("error messages never contain plaintext, key or ciphertext bytes", () => {
    const blob = seal(key, plaintext, aad);
    blob[20] ^= 1;
    const message = (() => {
      try {
        open(key, blob, aad, "cannot decrypt");
        return "";
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toMatch(/authentication failed/);
    for (const bytes of [plaintext, key, Buffer.from(blob)]) {
      for (const enc of ["hex", "base64", "base64url", "utf8"] as const) expect(message).not.toContain(bytes.toString(enc));
    }
  });
});
