import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Provider base URLs are chosen by tenants, so a call to them must not reach the platform's own
// network (SSRF): loopback, private, link-local (cloud metadata), CGNAT, multicast and the IPv6
// forms that embed such addresses are refused unless LLM_ALLOW_PRIVATE_BASE_URLS=1 or the host is
// listed in LLM_BASE_URL_ALLOWLIST (comma-separated host names).
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) blocked.addSubnet(net, prefix, "ipv6");

/** The IPv4 address embedded in an IPv6 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16). */
function embeddedV4(v6: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v6);
  if (mapped) return mapped[1];
  const groups = expandV6(v6);
  if (!groups) return null;
  const toV4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) return toV4(groups[6], groups[7]);
  if (groups[0] === 0x2002) return toV4(groups[1], groups[2]);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return toV4(groups[6], groups[7]);
  return null;
}

function expandV6(v6: string): number[] | null {
  if (v6.includes(".")) return null;
  const [head, tail] = v6.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = v6.includes("::") ? 8 - h.length - t.length : 0;
  const all = [...h, ...Array(fill).fill("0"), ...t].map((g) => parseInt(g, 16));
  return all.length === 8 && all.every((g) => Number.isInteger(g)) ? all : null;
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const v4 = embeddedV4(address);
    return blocked.check(address, "ipv6") || (v4 !== null && blocked.check(v4, "ipv4"));
  }
  return true;
}

function privateAllowed(host: string): boolean {
  if (process.env.LLM_ALLOW_PRIVATE_BASE_URLS === "1") return true;
  const list = (process.env.LLM_BASE_URL_ALLOWLIST ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean);
  return list.includes(host.toLowerCase());
}

/** Why a base URL may not be used, or null when it may. Resolves the host name. */
export async function baseUrlProblem(raw: string): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "Must be an absolute URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Must be an http(s) URL";
  if (url.username || url.password) return "Must not contain credentials";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (privateAllowed(host)) return null;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return `Cannot resolve ${host}`;
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) return "Private, loopback and link-local addresses are not allowed";
  return null;
}
