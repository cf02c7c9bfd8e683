import { BlockList, isIP } from "node:net";

// The one egress policy for calls to tenant-chosen destinations (connection tests, LLM base
// URLs, later the tool proxy): private, loopback, link-local (cloud metadata), CGNAT,
// multicast and reserved ranges are refused, and IPv6 forms that embed an IPv4 address
// (mapped, NAT64, 6to4) are judged by the address they carry, so they cannot smuggle one.
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
  ["64:ff9b:1::", 48], // local-use NAT64 (RFC 8215): translates to private space by design
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  denied.addSubnet(net, prefix, "ipv6");
}

function expandV6(v6: string): number[] | null {
  const [head, tail] = v6.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = v6.includes("::") ? 8 - h.length - t.length : 0;
  const all = [...h, ...Array(fill).fill("0"), ...t].map((g) => parseInt(g, 16));
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

/** The IPv4 address an IPv6 one carries: mapped ::ffff:a.b.c.d (either notation), NAT64 64:ff9b::/96, 6to4 2002::/16. */
function embeddedV4(v6: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v6);
  if (dotted) return isIP(dotted[1]) === 4 ? dotted[1] : null;
  const g = expandV6(v6);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return v4(g[6], g[7]);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4(g[6], g[7]);
  if (g[0] === 0x2002) return v4(g[1], g[2]);
  return null;
}

/** True when the literal address is in a range tenant traffic must not reach (non-addresses too). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return denied.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedV4(address);
    return denied.check(address, "ipv6") || (v4 !== null && denied.check(v4, "ipv4"));
  }
  return true;
}

/** Which private destinations a caller allows by configuration (tests and on-prem setups). */
export type PrivateAllowance = { all: boolean; hosts: readonly string[] };

export function allowanceFromEnv(allVar: string, hostsVar: string): PrivateAllowance {
  return {
    all: process.env[allVar] === "1",
    hosts: (process.env[hostsVar] ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}

/** Connection tests: CONNECTIONS_ALLOW_PRIVATE_NETWORKS=1, or hosts/addresses in CONNECTIONS_ALLOWED_HOSTS. */
export const connectionsAllowance = () => allowanceFromEnv("CONNECTIONS_ALLOW_PRIVATE_NETWORKS", "CONNECTIONS_ALLOWED_HOSTS");

export function isAllowedPrivate(allow: PrivateAllowance, host: string, address: string): boolean {
  return allow.all || allow.hosts.includes(host.toLowerCase()) || allow.hosts.includes(address.toLowerCase());
}

/** The default budget of every outbound test call, configurable for slow networks. */
export function egressTimeoutMs(): number {
  const n = Number(process.env.CONNECTIONS_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
}
