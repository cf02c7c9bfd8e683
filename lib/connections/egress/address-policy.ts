import { BlockList, isIP } from "node:net";

// Destinations a connection test must never reach unless configured: private, loopback,
// link-local (cloud metadata), CGNAT, multicast, reserved, and IPv6 forms that embed an
// IPv4 address (NAT64, 6to4, mapped) because they can smuggle a private one.
const denied = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  denied.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  denied.addSubnet(net, prefix, "ipv6");
}

function mappedIpv4(address: string): string | null {
  const m = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address);
  if (!m) return null;
  if (isIP(m[1]) === 4) return m[1];
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(m[1]);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** True when the literal address is in a range a test call must not reach. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d, also written ::ffff:a0b:c0d) is judged as the IPv4 it carries.
  const mapped = family === 6 ? mappedIpv4(address) : null;
  if (mapped) return denied.check(mapped, "ipv4");
  return denied.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Hosts allowed although private: everything with CONNECTIONS_ALLOW_PRIVATE_NETWORKS=1, else an explicit list. */
export function isAllowedPrivate(host: string, address: string): boolean {
  if (process.env.CONNECTIONS_ALLOW_PRIVATE_NETWORKS === "1") return true;
  const allowed = (process.env.CONNECTIONS_ALLOWED_HOSTS ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return allowed.includes(host.toLowerCase()) || allowed.includes(address.toLowerCase());
}

/** The default budget of every outbound test call, configurable for slow networks. */
export function egressTimeoutMs(): number {
  const n = Number(process.env.CONNECTIONS_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
}
