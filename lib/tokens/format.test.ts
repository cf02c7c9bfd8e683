import { describe, expect, it } from "vitest";
import { displayPrefix, generateToken, hashToken, isWellFormedToken } from "./format";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

describe("token format", () => {
  it("ar_pat_ + 32 random base62 + 6 checksum characters, all distinct", () => {
    const tokens = Array.from({ length: 2000 }, () => generateToken("pat"));
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const t of tokens.slice(0, 50)) {
      expect(t).toMatch(/^ar_pat_[0-9A-Za-z]{38}$/);
      expect(isWellFormedToken(t, "pat")).toBe(true);
    }
  });

  it("any single-character change of the body or checksum fails the checksum", () => {
    const t = generateToken("pat");
    let accepted = 0;
    for (let i = 7; i < t.length; i++) {
      for (const c of [BASE62[(BASE62.indexOf(t[i]) + 1) % 62], BASE62[(BASE62.indexOf(t[i]) + 31) % 62]]) {
        if (isWellFormedToken(t.slice(0, i) + c + t.slice(i + 1), "pat")) accepted++;
      }
    }
    expect(accepted).toBe(0);
  });

  it("a frozen token keeps its checksum (tokens already issued stay well-formed)", () => {
    expect(isWellFormedToken("ar_pat_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdL", "pat")).toBe(true);
    expect(isWellFormedToken("ar_pat_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdM", "pat")).toBe(false);
  });

  it("rejects other kinds, lengths and alphabets without throwing", () => {
    const t = generateToken("pat");
    expect(isWellFormedToken(generateToken("agent"), "pat")).toBe(false);
    expect(isWellFormedToken(t, "agent")).toBe(false);
    expect(isWellFormedToken(t + "0", "pat")).toBe(false);
    expect(isWellFormedToken(t.slice(0, -1), "pat")).toBe(false);
    expect(isWellFormedToken(t.slice(0, -1) + "!", "pat")).toBe(false);
    expect(isWellFormedToken("", "pat")).toBe(false);
    expect(isWellFormedToken(undefined as unknown as string, "pat")).toBe(false);
  });

  it("stores a SHA-256 hex hash and shows only a short prefix", () => {
    const t = generateToken("pat");
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(displayPrefix(t)).toBe(t.slice(0, 13));
    expect(displayPrefix(generateToken("platform"))).toMatch(/^ar_platform_[0-9A-Za-z]{6}$/);
  });
});
