import { describe, expect, it } from "vitest";
import { ipAllowed, MAX_PLATFORM_TOKEN_DAYS, normalizeAllowlist, normalizeCidr, parseExpiry, PlatformTokenPolicyError } from "./token-policy";

const now = new Date("2026-12-05T12:00:00.000Z");
const DAY = 86_400_000;

describe("parseExpiry: mandatory, in the future, at most 30 days", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["12h", 12 * 3_600_000],
    ["7d", 7 * DAY],
    ["2w", 14 * DAY],
    ["30d", 30 * DAY],
  ])("%s", (text, ms) => {
    expect(parseExpiry(text, now).getTime()).toBe(now.getTime() + ms);
  });

  it("an ISO time within 30 days", () => {
    expect(parseExpiry("2026-12-20T00:00:00Z", now).toISOString()).toBe("2026-12-20T00:00:00.000Z");
  });

  it.each([undefined, "", "  "])("none (%j) is refused", (text) => {
    expect(() => parseExpiry(text, now)).toThrow(/--expires is required/);
  });

  it.each(["31d", "5w", "721h", "2027-02-01T00:00:00Z"])("%s is longer than 30 days", (text) => {
    expect(() => parseExpiry(text, now)).toThrow(new RegExp(`at most ${MAX_PLATFORM_TOKEN_DAYS} days`));
  });

  it.each(["0d", "2026-12-01T00:00:00Z"])("%s is not in the future", (text) => {
    expect(() => parseExpiry(text, now)).toThrow(/in the future/);
  });

  it.each(["forever", "7", "7 days", "-1d", "1y", "1.5d"])("%s is not a duration", (text) => {
    expect(() => parseExpiry(text, now)).toThrow(PlatformTokenPolicyError);
  });
});

describe("the IP allowlist", () => {
  it.each([
    ["203.0.113.4/32", "203.0.113.4/32"],
    ["203.0.113.4", "203.0.113.4/32"],
    ["198.51.100.0/24", "198.51.100.0/24"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:DB8:0:0::1", "2001:db8::1/128"],
    ["::ffff:203.0.113.0/120", "203.0.113.0/24"],
  ])("%s → %s", (entry, normalized) => {
    expect(normalizeCidr(entry)).toBe(normalized);
  });

  it.each(["0.0.0.0/0", "::/0", "203.0.113.4/24", "2001:db8::1/32", "not-an-ip", "203.0.113.4/33", "example.com", "10.0.0.1/", "/24"])("%s is refused", (entry) => {
    expect(() => normalizeCidr(entry)).toThrow(PlatformTokenPolicyError);
  });

  it("is mandatory; commas and repeats are fine", () => {
    expect(() => normalizeAllowlist([])).toThrow(/--ip is required/);
    expect(() => normalizeAllowlist([" ", ","])).toThrow(/--ip is required/);
    expect(normalizeAllowlist(["203.0.113.4/32,2001:db8::/32", "203.0.113.4"])).toEqual(["203.0.113.4/32", "2001:db8::/32"]);
  });

  it("matches IPv4 and IPv6 clients, IPv4-mapped ones as IPv4, nothing else", () => {
    const list = ["203.0.113.4/32", "198.51.100.0/24", "2001:db8::/32"];
    for (const ip of ["203.0.113.4", "198.51.100.200", "2001:db8:1::5", "::ffff:203.0.113.4"]) expect(ipAllowed(ip, list), ip).toBe(true);
    for (const ip of ["203.0.113.5", "198.51.101.1", "2001:db9::1", "127.0.0.1", "::1", "", "unknown", "203.0.113.4/32"]) expect(ipAllowed(ip, list), ip).toBe(false);
    expect(ipAllowed(null, list)).toBe(false);
    expect(ipAllowed("203.0.113.4", [])).toBe(false);
  });
});
