import { positiveEnv } from "@/lib/core/env";
import ipaddr from "ipaddr.js";
import { isIP } from "node:net";

// The one egress policy for calls to tenant-chosen destinations (connection tests, LLM base
// URLs, HTTP steps, outbound webhooks, later the tool proxy): only globally routable unicast
// addresses pass. The verdict comes from a maintained classifier (ipaddr.js `range()` must say
// "unicast"), and on top of it every entry of the IANA IPv4 and IPv6 Special-Purpose Address
// Registries is refused, so a range the library does not know (or a future version names
// differently) still cannot pass. IPv6 must also lie in 2000::/3, the only block IANA
// allocates as global unicast; that alone refuses ::/8 (IPv4-compatible and IPv4-mapped
// forms), 64:ff9b::/96 and 64:ff9b:1::/48 (NAT64), 100::/64, 5f00::/16, fc00::/7, fe80::/10
// and ff00::/8. Forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo)
// are refused outright, whatever address they carry: a public destination has a plain form.
const SPECIAL_PURPOSE = [
  // IPv4 (RFC 6890 and successors), plus multicast, which is not unicast at all
  "0.0.0.0/8", // "this network"
  "10.0.0.0/8", // private
  "100.64.0.0/10", // shared address space (CGNAT)
  "127.0.0.0/8", // loopback
  "169.254.0.0/16", // link-local (cloud metadata)
  "172.16.0.0/12", // private
  "192.0.0.0/24", // IETF protocol assignments
  "192.0.2.0/24", // TEST-NET-1 (on these machines, the host's own address)
  "192.31.196.0/24", // AS112-v4
  "192.52.193.0/24", // AMT
  "192.88.99.0/24", // deprecated 6to4 relay anycast
  "192.168.0.0/16", // private
  "192.175.48.0/24", // direct delegation AS112
  "198.18.0.0/15", // benchmarking
  "198.51.100.0/24", // TEST-NET-2
  "203.0.113.0/24", // TEST-NET-3
  "224.0.0.0/4", // multicast
  "240.0.0.0/4", // reserved, limited broadcast 255.255.255.255
  // IPv6
  "::/128", // unspecified
  "::1/128", // loopback
  "::/96", // IPv4-compatible (deprecated)
  "::ffff:0:0/96", // IPv4-mapped
  "::ffff:0:0:0/96", // IPv4-translated (RFC 6145)
  "64:ff9b::/96", // NAT64 well-known prefix
  "64:ff9b:1::/48", // local-use NAT64
  "100::/64", // discard-only
  "100:0:0:1::/64", // dummy prefix (RFC 9780)
  "2001::/23", // IETF protocol assignments, Teredo 2001::/32 among them
  "2001:db8::/32", // documentation
  "2002::/16", // 6to4
  "2620:4f:8000::/48", // direct delegation AS112
  "3fff::/20", // documentation
  "5f00::/16", // segment routing (SRv6) SIDs
  "fc00::/7", // unique local
  "fe80::/10", // link-local
  "fec0::/10", // site-local (deprecated)
  "ff00::/8", // multicast
].map((cidr) => ipaddr.parseCIDR(cidr));

const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

function inSpecialPurpose(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return SPECIAL_PURPOSE.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits));
}

/** True only for a globally routable unicast address, written as a plain IPv4 or IPv6 literal. */
export function isPublicAddress(address: string): boolean {
  // node:net is strict (no "127.1", "0x7f.0.0.1"); a zone id marks a scoped, never global, address.
  if (!isIP(address) || address.includes("%")) return false;
  const ip = ipaddr.parse(address);
  if (ip.range() !== "unicast" || inSpecialPurpose(ip)) return false;
  return ip.kind() === "ipv4" || ip.match(GLOBAL_UNICAST_V6);
}

/** True when the destination is refused by default: every non-public address (non-addresses too). */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
}

/** The default budget of every outbound test call, configurable for slow networks. */
export function egressTimeoutMs(): number {
  return positiveEnv("CONNECTIONS_TIMEOUT_MS", 10_000);
}
