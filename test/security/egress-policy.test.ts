// One egress policy: only globally routable unicast passes; every IANA special-purpose range,
// and every IPv6 form that embeds an IPv4 address, is refused unless EGRESS_ALLOWED_HOSTS /
// EGRESS_ALLOW_PRIVATE_NETWORKS open it. Checked on the classifier, on resolveAllowedHost, and
// through real entry points (outbound webhook endpoints, LLM providers). Host names resolve
// through a faked lookup so a name can point anywhere without a DNS server.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const FAKE_DNS: Record<string, string[]> = {
  "own-host.example.test": ["192.0.2.10"],
  "intranet.example.test": ["10.1.2.3"],
  "mixed.example.test": ["8.8.8.8", "192.168.1.1"],
  "public.example.test": ["8.8.8.8"],
};
vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (host: string, opts?: unknown) => {
    const fake = FAKE_DNS[host.toLowerCase()];
    if (!fake) return (real.lookup as (h: string, o?: unknown) => Promise<unknown>)(host, opts);
    return fake.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { ...real, default: { ...real, lookup }, lookup };
});

import { POST as createProvider } from "@/app/v1/providers/route";
import { POST as createWebhook } from "@/app/v1/webhooks/route";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { isPublicAddress } from "@/lib/net/egress/address-policy";
import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { as, call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

const SETTINGS = ["EGRESS_ALLOWED_HOSTS", "EGRESS_ALLOW_PRIVATE_NETWORKS", "WEBHOOK_ALLOWED_HOSTS", "WEBHOOK_ALLOW_PRIVATE_NETWORKS", "WEBHOOK_ALLOW_HTTP", "CONNECTIONS_ALLOWED_HOSTS", "CONNECTIONS_ALLOW_PRIVATE_NETWORKS", "LLM_BASE_URL_ALLOWLIST", "LLM_ALLOW_PRIVATE_BASE_URLS"];
const saved = Object.fromEntries(SETTINGS.map((k) => [k, process.env[k]]));
const clear = () => SETTINGS.forEach((k) => delete process.env[k]);
beforeAll(clear);
afterEach(clear);
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v !== undefined) process.env[k] = v;
});

// address → why it is refused
const REFUSED: Array<[string, string]> = [
  // the findings: documentation, relay and IPv6 forms that carry loopback
  ["192.0.2.1", "TEST-NET-1 (the host's own address on these machines)"],
  ["198.51.100.1", "TEST-NET-2"],
  ["203.0.113.1", "TEST-NET-3"],
  ["192.88.99.1", "6to4 relay anycast"],
  ["2001:db8::1", "IPv6 documentation"],
  ["100::1", "IPv6 discard-only"],
  ["2001::1", "Teredo / IETF protocol assignments"],
  ["::127.0.0.1", "IPv4-compatible loopback"],
  ["::ffff:0:7f00:1", "IPv4-translated loopback"],
  // RELIABILITY.md's SSRF list
  ["10.0.0.1", "private"],
  ["172.16.0.1", "private"],
  ["192.168.0.1", "private"],
  ["100.64.0.1", "CGNAT"],
  ["127.0.0.1", "loopback"],
  ["::1", "IPv6 loopback"],
  ["169.254.169.254", "link-local (cloud metadata)"],
  ["ff02::2", "IPv6 multicast"],
  ["64:ff9b::a00:1", "NAT64 of 10.0.0.1"],
  ["2002:a00:1::1", "6to4 of 10.0.0.1"],
  // the rest of the IANA special-purpose registries
  ["0.0.0.0", "this network"],
  ["0.1.2.3", "this network"],
  ["172.31.255.255", "private"],
  ["192.0.0.8", "IETF protocol assignments"],
  ["192.0.0.170", "NAT64 discovery"],
  ["192.31.196.1", "AS112-v4"],
  ["192.52.193.1", "AMT"],
  ["192.175.48.1", "AS112 direct delegation"],
  ["198.18.0.1", "benchmarking"],
  ["198.19.255.254", "benchmarking"],
  ["224.0.0.1", "multicast"],
  ["239.255.255.250", "multicast"],
  ["240.0.0.1", "reserved"],
  ["255.255.255.255", "limited broadcast"],
  ["::", "IPv6 unspecified"],
  ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
  ["::ffff:10.0.0.1", "IPv4-mapped private"],
  ["::ffff:0:a00:1", "IPv4-translated private"],
  ["::a00:1", "IPv4-compatible private"],
  ["64:ff9b:1::a00:1", "local-use NAT64"],
  ["100:0:0:1::1", "dummy prefix"],
  ["2001:2::1", "IPv6 benchmarking"],
  ["2001:3::1", "AMT"],
  ["2001:4:112::1", "AS112-v6"],
  ["2001:10::1", "ORCHID"],
  ["2001:20::1", "ORCHIDv2"],
  ["2001:30::1", "drone remote ID"],
  ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "Teredo"],
  ["2620:4f:8000::1", "AS112 direct delegation"],
  ["3fff::1", "IPv6 documentation (2024)"],
  ["5f00::1", "SRv6 SIDs"],
  ["fc00::1", "unique local"],
  ["fd12:3456::1", "unique local"],
  ["fe80::1", "IPv6 link-local"],
  ["fec0::1", "site-local"],
  ["ff05::1:3", "IPv6 multicast"],
  ["4000::1", "outside 2000::/3 (not allocated as global unicast)"],
  // embedded IPv4 forms are refused even when the embedded address is public
  ["::ffff:8.8.8.8", "IPv4-mapped"],
  ["::8.8.8.8", "IPv4-compatible"],
  ["64:ff9b::808:808", "NAT64 of 8.8.8.8"],
  ["2002:808:808::1", "6to4 of 8.8.8.8"],
  // not a plain literal
  ["fe80::1%eth0", "zone id"],
  ["127.1", "shorthand IPv4"],
  ["example.com", "not an address"],
];
const ALLOWED = ["8.8.8.8", "1.1.1.1", "140.82.112.3", "93.184.215.14", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"];

describe("the classifier", () => {
  it.each(REFUSED)("%s is refused (%s)", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(ALLOWED)("%s is public", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("resolveAllowedHost", () => {
  it("refuses every special-purpose literal (bracketed IPv6 too) and allows public ones", async () => {
    for (const [address] of REFUSED.filter(([a]) => a !== "example.com" && a !== "127.1")) {
      const host = address.includes(":") ? `[${address}]` : address;
      await expect(resolveAllowedHost(host), address).rejects.toBeInstanceOf(EgressDenied);
    }
    for (const address of ALLOWED) await expect(resolveAllowedHost(address), address).resolves.toMatchObject({ address });
  });

  it("refuses a host name resolving to a private address, or to any private address among public ones", async () => {
    for (const host of ["own-host.example.test", "intranet.example.test", "mixed.example.test", "localhost"]) {
      await expect(resolveAllowedHost(host), host).rejects.toThrow(/not a public address/);
    }
    await expect(resolveAllowedHost("public.example.test")).resolves.toEqual({ address: "8.8.8.8", family: 4 });
  });

  it("EGRESS_ALLOWED_HOSTS opens exactly its addresses, CIDRs and host names", async () => {
    process.env.EGRESS_ALLOWED_HOSTS = " 10.0.0.5 , 192.0.2.0/24, fd00::/8, Intranet.Example.Test ";
    for (const host of ["10.0.0.5", "192.0.2.1", "192.0.2.254", "[fd00::1]", "own-host.example.test", "intranet.example.test"]) {
      await expect(resolveAllowedHost(host), host).resolves.toBeTruthy();
    }
    for (const host of ["10.0.0.6", "198.51.100.1", "[fe80::1]", "127.0.0.1", "mixed.example.test"]) {
      await expect(resolveAllowedHost(host), host).rejects.toBeInstanceOf(EgressDenied);
    }
    // An allowed IPv4 address covers its IPv4-mapped spelling (the same destination).
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    await expect(resolveAllowedHost("[::ffff:127.0.0.1]")).resolves.toBeTruthy();
    await expect(resolveAllowedHost("[::1]")).rejects.toBeInstanceOf(EgressDenied);
  });

  it("EGRESS_ALLOW_PRIVATE_NETWORKS=1 opens every non-public address; other values do not", async () => {
    process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = "true";
    await expect(resolveAllowedHost("10.0.0.1")).rejects.toBeInstanceOf(EgressDenied);
    process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = "1";
    for (const host of ["10.0.0.1", "192.0.2.1", "[::1]", "intranet.example.test"]) await expect(resolveAllowedHost(host), host).resolves.toBeTruthy();
  });

  it("the deprecated per-feature names still work, for every caller, with one warning per name", async () => {
    const logs: string[] = [];
    setLogSink((line) => logs.push(line));
    try {
      process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
      await expect(resolveAllowedHost("127.0.0.1")).resolves.toMatchObject({ address: "127.0.0.1" });
      await expect(resolveAllowedHost("127.0.0.1")).resolves.toMatchObject({ address: "127.0.0.1" });
      await expect(resolveAllowedHost("10.0.0.1")).rejects.toBeInstanceOf(EgressDenied);
      delete process.env.WEBHOOK_ALLOWED_HOSTS;
      process.env.LLM_ALLOW_PRIVATE_BASE_URLS = "1";
      await expect(resolveAllowedHost("10.0.0.1")).resolves.toMatchObject({ address: "10.0.0.1" });
    } finally {
      setLogSink(null);
    }
    const warnings = logs.map((l) => JSON.parse(l)).filter((l) => l.level === "warn" && /deprecated/.test(l.msg));
    expect(warnings.map((w) => w.setting).sort()).toEqual(["LLM_ALLOW_PRIVATE_BASE_URLS", "WEBHOOK_ALLOWED_HOSTS"]);
    expect(warnings.every((w) => w.replacement.startsWith("EGRESS_"))).toBe(true);
  });
});

describe("entry points", () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await tenant();
  });
  const webhook = (url: string) =>
    call(createWebhook, "/v1/webhooks", { method: "POST", headers: inProject(t.admin, t.slug, t.project.slug), body: { url, events: ["run.failed"] } });
  const provider = (baseUrl: string) =>
    call(createProvider, "/v1/providers", { method: "POST", headers: as(t.owner, t.slug), body: { name: `P ${Math.random().toString(36).slice(2, 8)}`, vendor: "openai_compatible", apiKey: "k", baseUrl } });

  const FINDINGS = ["http://192.0.2.1/hook", "https://198.51.100.7/hook", "https://203.0.113.9/hook", "https://192.88.99.1/hook", "https://[2001:db8::1]/hook", "https://[100::1]/hook", "https://[2001::1]/hook", "https://[::127.0.0.1]/hook", "https://[::ffff:0:7f00:1]/hook", "https://own-host.example.test/hook"];

  it("an outbound webhook endpoint on a special-purpose address, or a name resolving to one, is 422 and not saved", async () => {
    process.env.WEBHOOK_ALLOW_HTTP = "1";
    for (const url of FINDINGS) {
      const res = await webhook(url);
      expect(res.status, url).toBe(422);
      expect(res.json.error.details[0], url).toMatchObject({ path: "url", message: expect.stringMatching(/not a public address/) });
    }
    expect(await db.webhookEndpoint.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
  });

  it("an LLM provider with such a base URL is 422 and not saved", async () => {
    for (const url of ["http://192.0.2.1/v1", ...FINDINGS.slice(1).map((u) => u.replace("/hook", "/v1"))]) {
      const res = await provider(url);
      expect(res.status, url).toBe(422);
      expect(res.json.error.details[0], url).toMatchObject({ path: "baseUrl", message: expect.stringMatching(/not a public address/) });
    }
    expect(await db.llmProvider.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
  });

  it("EGRESS_ALLOWED_HOSTS opens both entry points (plain http only for what it lists)", async () => {
    process.env.EGRESS_ALLOWED_HOSTS = "192.0.2.0/24";
    expect((await webhook("http://192.0.2.1/hook")).status).toBe(201);
    expect((await webhook("http://own-host.example.test/hook")).status).toBe(201);
    expect((await webhook("http://public.example.test/hook")).status).toBe(422);
    expect((await webhook("https://198.51.100.7/hook")).status).toBe(422);
  });
});
