import ipaddr from "ipaddr.js";
import { isIP } from "node:net";
import { logger } from "@/lib/core/logger";

// The one setting that opens non-public destinations (tests, on-prem setups): every caller of
// the egress policy (connection tests, LLM calls, HTTP steps, webhooks) reads it here.
//   EGRESS_ALLOWED_HOSTS=host.internal,127.0.0.1,10.1.0.0/16   host names, addresses or CIDRs
//   EGRESS_ALLOW_PRIVATE_NETWORKS=1                             every non-public address
// The per-feature names of earlier releases are read as deprecated aliases for one release;
// they now open the destination for every caller, not only their own feature.

/** Non-public destinations opened by configuration. `hosts` holds host names, addresses and CIDRs. */
export type PrivateAllowance = { all: boolean; hosts: readonly string[] };

const HOSTS_ALIASES = ["CONNECTIONS_ALLOWED_HOSTS", "LLM_BASE_URL_ALLOWLIST", "WEBHOOK_ALLOWED_HOSTS"] as const;
const ALL_ALIASES = ["CONNECTIONS_ALLOW_PRIVATE_NETWORKS", "LLM_ALLOW_PRIVATE_BASE_URLS", "WEBHOOK_ALLOW_PRIVATE_NETWORKS"] as const;

const warned = new Set<string>();
function readAlias(name: string, replacement: string): string | undefined {
  const value = process.env[name];
  if (value !== undefined && !warned.has(name)) {
    warned.add(name);
    logger.warn(`${name} is deprecated and will be removed in the next release; use ${replacement}`, { setting: name, replacement });
  }
  return value;
}

const list = (raw: string | undefined) => (raw ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);

/** The current allowance, read from the environment on every use (tests and restarts see changes). */
export function egressAllowance(): PrivateAllowance {
  const hosts = [...list(process.env.EGRESS_ALLOWED_HOSTS), ...HOSTS_ALIASES.flatMap((n) => list(readAlias(n, "EGRESS_ALLOWED_HOSTS")))];
  const all = [process.env.EGRESS_ALLOW_PRIVATE_NETWORKS, ...ALL_ALIASES.map((n) => readAlias(n, "EGRESS_ALLOW_PRIVATE_NETWORKS"))].includes("1");
  return { all, hosts };
}

const hostName = (h: string) => h.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "").toLowerCase();

// Mapped forms (::ffff:127.0.0.1) match the IPv4 entries they connect to.
function parsed(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  return isIP(address) ? ipaddr.process(address) : null;
}

function entryMatches(entry: string, host: string, ip: ipaddr.IPv4 | ipaddr.IPv6 | null): boolean {
  const bare = hostName(entry);
  if (bare.includes("/")) {
    if (!ip || !ipaddr.isValidCIDR(bare)) return false;
    const [net, bits] = ipaddr.parseCIDR(bare);
    return net.kind() === ip.kind() && ip.match(net, bits);
  }
  if (isIP(bare)) return ip !== null && parsed(bare)?.toNormalizedString() === ip.toNormalizedString();
  return bare === host;
}

/** True when `address` (reached as `host`) is listed by name, address or CIDR in the allowance. */
export function isListed(allow: PrivateAllowance, host: string, address: string): boolean {
  const ip = parsed(address);
  const name = hostName(host);
  return allow.hosts.some((entry) => entryMatches(entry, name, ip));
}

/** True when configuration opens this non-public destination. */
export function isAllowedPrivate(allow: PrivateAllowance, host: string, address: string): boolean {
  return allow.all || isListed(allow, host, address);
}
