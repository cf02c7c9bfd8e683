import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { isPrivateAddress } from "@/lib/net/egress/address-policy";
import { EgressDenied, resolveAllowedHost } from "@/lib/net/egress/resolve-host";
import { safeRequest } from "@/lib/net/egress/safe-request";
import { startFakeVendor, type FakeVendor } from "./fake-vendor";
import { createVia, uniqueName } from "./helpers";
import { call, inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";

const GOOD = "ssrf_key_1234567890abcdef";
let vendor: FakeVendor;
const saved = { hosts: process.env.EGRESS_ALLOWED_HOSTS, all: process.env.EGRESS_ALLOW_PRIVATE_NETWORKS };

beforeAll(async () => {
  vendor = await startFakeVendor([GOOD]);
  delete process.env.EGRESS_ALLOWED_HOSTS;
  delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
});
afterAll(async () => {
  await vendor.close();
  if (saved.hosts !== undefined) process.env.EGRESS_ALLOWED_HOSTS = saved.hosts;
  if (saved.all !== undefined) process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = saved.all;
});

describe("egress policy", () => {
  it("classifies private, loopback, link-local, CGNAT, multicast, documentation and IPv4-embedding IPv6 addresses as private", () => {
    for (const a of ["10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1", "127.0.0.1", "0.0.0.0", "169.254.169.254", "::1", "::", "fe80::1", "fc00::1", "ff02::2", "64:ff9b::a00:1", "2002:a00:1::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:a00:1", "::ffff:7f00:1", "224.0.0.1", "::ffff:8.8.8.8", "192.0.2.1"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "140.82.112.3", "2606:4700:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses 10.0.0.1, 169.254.169.254, ::1 and a hostname resolving to 127.0.0.1 when not allowed", async () => {
    for (const host of ["10.0.0.1", "169.254.169.254", "[::1]", "::1", "localhost", "127.0.0.1"]) {
      await expect(resolveAllowedHost(host), host).rejects.toBeInstanceOf(EgressDenied);
    }
    await expect(safeRequest("http://169.254.169.254/latest/meta-data/")).rejects.toBeInstanceOf(EgressDenied);
    await expect(safeRequest("file:///etc/passwd")).rejects.toBeInstanceOf(EgressDenied);
    await expect(safeRequest("gopher://example.com/")).rejects.toBeInstanceOf(EgressDenied);
  });

  it("the allowlist opens exactly the listed host; the global switch opens everything", async () => {
    process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    try {
      await expect(resolveAllowedHost("127.0.0.1")).resolves.toMatchObject({ address: "127.0.0.1" });
      await expect(resolveAllowedHost("10.0.0.1")).rejects.toBeInstanceOf(EgressDenied);
      await expect(resolveAllowedHost("::1")).rejects.toBeInstanceOf(EgressDenied);
    } finally {
      delete process.env.EGRESS_ALLOWED_HOSTS;
    }
    process.env.EGRESS_ALLOW_PRIVATE_NETWORKS = "1";
    try {
      await expect(resolveAllowedHost("10.0.0.1")).resolves.toMatchObject({ address: "10.0.0.1" });
    } finally {
      delete process.env.EGRESS_ALLOW_PRIVATE_NETWORKS;
    }
  });
});

describe("Test connection refuses private destinations", () => {
  it("10.0.0.1, 169.254.169.254, ::1, localhost and the fake vendor itself: error status, 0 requests and 0 key bytes upstream", async () => {
    const t = await tenant();
    const headers = inProject(t.admin, t.slug);
    const port = new URL(vendor.url).port;
    const targets = ["http://10.0.0.1", "http://169.254.169.254", `http://[::1]:${port}`, `http://localhost:${port}`, vendor.url];
    for (const baseUrl of targets) {
      const created = await createVia(headers, { name: uniqueName(), type: "api_key", provider: "github", secret: GOOD, fields: { baseUrl } });
      const res = await call(testRoute, "/", { method: "POST", headers, params: { id: created.json.id } });
      expect(res.json, baseUrl).toMatchObject({ status: "error" });
      expect(res.json.statusReason, baseUrl).toMatch(/private, loopback or link-local/);
    }
    const pg = await createVia(headers, { name: uniqueName(), type: "database", provider: "postgres", secret: "postgres://u:p@169.254.169.254:5432/db" });
    const pgRes = await call(testRoute, "/", { method: "POST", headers, params: { id: pg.json.id } });
    expect(pgRes.json.statusReason).toMatch(/private, loopback or link-local/);
    expect(vendor.seen).toHaveLength(0);
  });
});
