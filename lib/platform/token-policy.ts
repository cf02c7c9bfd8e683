import ipaddr from "ipaddr.js";

// What a platform token may be issued with: an expiry of at most 30 days and an allowlist of
// networks (IPv4 and IPv6 CIDRs). Both are mandatory: a platform credential that never expires
// or works from anywhere is refused at creation. Pure functions; the CLI and the API share them.

export const MAX_PLATFORM_TOKEN_DAYS = 30;
const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: DAY_MS, w: 7 * DAY_MS };

export class PlatformTokenPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlatformTokenPolicyError";
  }
}

/**
 * The expiry of a new token from `--expires`: a duration (`30m`, `12h`, `7d`, `2w`) or an
 * ISO 8601 time; in the future and at most 30 days away.
 */
export function parseExpiry(text: string | undefined, now = new Date()): Date {
  const value = text?.trim();
  if (!value) throw new PlatformTokenPolicyError(`--expires is required: platform tokens must expire (at most ${MAX_PLATFORM_TOKEN_DAYS} days), e.g. --expires 7d`);
  const duration = /^(\d{1,6})([mhdw])$/.exec(value);
  let at: Date;
  if (duration) at = new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2]]);
  else if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) at = new Date(value);
  else throw new PlatformTokenPolicyError(`--expires ${JSON.stringify(value)} is not a duration (30m, 12h, 7d, 2w) or an ISO 8601 time`);
  if (at.getTime() <= now.getTime()) throw new PlatformTokenPolicyError("--expires must be in the future");
  if (at.getTime() - now.getTime() > MAX_PLATFORM_TOKEN_DAYS * DAY_MS) {
    throw new PlatformTokenPolicyError(`--expires ${value} is too long: platform tokens live at most ${MAX_PLATFORM_TOKEN_DAYS} days`);
  }
  return at;
}

/** One allowlist entry in its canonical spelling; a bare address is that one host (/32 or /128). */
export function normalizeCidr(entry: string): string {
  const value = entry.trim();
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let bits: number;
  if (value.includes("/")) {
    if (!ipaddr.isValidCIDR(value)) throw new PlatformTokenPolicyError(`--ip ${JSON.stringify(entry)} is not an IPv4 or IPv6 CIDR`);
    [addr, bits] = ipaddr.parseCIDR(value);
  } else {
    if (!ipaddr.isValid(value)) throw new PlatformTokenPolicyError(`--ip ${JSON.stringify(entry)} is not an IPv4 or IPv6 address or CIDR`);
    addr = ipaddr.parse(value);
    bits = addr.kind() === "ipv4" ? 32 : 128;
  }
  // The client address is compared in its IPv4 form when it is IPv4-mapped (::ffff:a.b.c.d).
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  if (bits === 0) throw new PlatformTokenPolicyError(`--ip ${entry} allows every address: an allowlist must name the operators' networks`);
  const network = addr.kind() === "ipv4" ? ipaddr.IPv4.networkAddressFromCIDR(`${addr}/${bits}`) : ipaddr.IPv6.networkAddressFromCIDR(`${addr}/${bits}`);
  if (network.toString() !== addr.toString()) {
    throw new PlatformTokenPolicyError(`--ip ${entry} has host bits set: did you mean ${network.toString()}/${bits}?`);
  }
  return `${network.toString()}/${bits}`;
}

/** The allowlist of a new token: at least one entry, each valid, duplicates dropped. */
export function normalizeAllowlist(entries: readonly string[]): string[] {
  const split = entries.flatMap((e) => e.split(",")).map((e) => e.trim()).filter(Boolean);
  if (split.length === 0) throw new PlatformTokenPolicyError("--ip is required: platform tokens only work from an allowlist of networks, e.g. --ip 203.0.113.4/32");
  return [...new Set(split.map(normalizeCidr))];
}

/** Whether a client address (as lib/http/request-context.ts reads it) is inside one of the CIDRs. */
export function ipAllowed(ip: string | null, cidrs: readonly string[]): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  const addr = ipaddr.process(ip);
  return cidrs.some((cidr) => {
    if (!ipaddr.isValidCIDR(cidr)) return false;
    const range = ipaddr.parseCIDR(cidr);
    return range[0].kind() === addr.kind() && addr.match(range);
  });
}
