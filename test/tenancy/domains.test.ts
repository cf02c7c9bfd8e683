import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listDomains, POST as addDomain } from "@/app/v1/domains/route";
import { DELETE as removeDomain } from "@/app/v1/domains/[id]/route";
import { POST as verify } from "@/app/v1/domains/[id]/verify/route";
import { createTestDomain } from "@/test/factories/tenancy";
import { startDnsServer } from "./dns-server";
import { as, asToken, call } from "@/test/support/http";
import { lastAudit, tenant, type Tenant } from "@/test/support/world";

let dns: Awaited<ReturnType<typeof startDnsServer>>;
beforeAll(async () => {
  dns = await startDnsServer();
  process.env.DNS_RESOLVER = dns.address;
  process.env.DNS_TIMEOUT_MS = "300";
});
afterAll(async () => {
  delete process.env.DNS_RESOLVER;
  await dns.close();
});

let n = 0;
const uniqueDomain = () => `d${Date.now().toString(36)}${n++}.example.com`;
const post = (headers: Record<string, string>, body: unknown) => call(addDomain, "/v1/domains", { method: "POST", headers, body });
const verifyAs = (headers: Record<string, string>, id: string) => call(verify, `/v1/domains/${id}/verify`, { method: "POST", headers, params: { id } });
const del = (headers: Record<string, string>, id: string) => call(removeDomain, `/v1/domains/${id}`, { method: "DELETE", headers, params: { id } });

async function added(a: Tenant, domain = uniqueDomain()) {
  const res = await post(as(a.admin, a.slug), { domain });
  expect(res.status).toBe(201);
  return res.json as { id: string; domain: string; txtRecord: { name: string; value: string } };
}

describe("POST /v1/domains", () => {
  it("adds a domain (normalised) with the TXT record to publish; audited", async () => {
    const a = await tenant();
    const name = uniqueDomain();
    const res = await post(as(a.admin, a.slug), { domain: ` ${name.toUpperCase()}. ` });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ domain: name, verified: false, verifiedAt: null, txtRecord: { type: "TXT", name: `_agentruntime.${name}` } });
    expect(res.json.txtRecord.value).toMatch(/^agentruntime-verification=[0-9a-f]{32}$/);
    expect(await lastAudit(a.workspace.id, "domain.create")).toMatchObject({ targetId: res.json.id, after: { domain: name } });
  });

  it("401, 403 (member; token scope), 404 (another tenant), 409 (duplicate), 422 (not a domain)", async () => {
    const a = await tenant();
    const b = await tenant();
    const name = uniqueDomain();
    expect((await post({ "x-tenant-id": a.slug }, { domain: name })).status).toBe(401);
    expect((await post(as(a.member, a.slug), { domain: name })).status).toBe(403);
    expect((await post(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:read"] }), { domain: name })).status).toBe(403);
    expect((await post(as(b.owner, a.slug), { domain: name })).status).toBe(404);
    expect(await db.domain.count({ where: { domain: name } })).toBe(0);
    expect((await post(as(a.owner, a.slug), { domain: name })).status).toBe(201);
    expect((await post(as(a.owner, a.slug), { domain: name })).status).toBe(409);
    // Another workspace may add it (only one can verify it).
    expect((await post(as(b.owner, b.slug), { domain: name })).status).toBe(201);
    for (const domain of ["localhost", "https://example.com", "*.example.com", "example.com/path", "exa mple.com", "-x.example.com", "example.123", "", 42]) {
      expect((await post(as(a.owner, a.slug), { domain })).status, String(domain)).toBe(422);
    }
    expect((await post(as(a.owner, a.slug), { domain: uniqueDomain(), verifiedAt: new Date().toISOString() })).status).toBe(422);
  });
});

describe("GET /v1/domains", () => {
  it("lists the workspace's domains with their TXT records", async () => {
    const a = await tenant();
    const d = await added(a);
    const res = await call(listDomains, "/v1/domains", { headers: as(a.member, a.slug) });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [expect.objectContaining({ id: d.id, domain: d.domain, txtRecord: d.txtRecord })], nextCursor: null });
  });

  it("401, 403 (token scope), 404 (another tenant), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await call(listDomains, "/v1/domains", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(listDomains, "/v1/domains", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) })).status).toBe(403);
    expect((await call(listDomains, "/v1/domains", { headers: as(b.owner, a.slug) })).status).toBe(404);
    expect((await call(listDomains, "/v1/domains", { headers: as(a.owner) })).status).toBe(422);
  });
});

describe("POST /v1/domains/{id}/verify (against a DNS server on 127.0.0.1)", () => {
  it("verifies when the TXT record is published (among others, in chunks); audited", async () => {
    const a = await tenant();
    const d = await added(a);
    const [prefix, token] = d.txtRecord.value.split("=");
    dns.setTxt(d.txtRecord.name, "v=spf1 -all", [`${prefix}=`, token]);
    const res = await verifyAs(as(a.admin, a.slug), d.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: d.id, verified: true });
    expect(res.json.verifiedAt).not.toBeNull();
    expect(await lastAudit(a.workspace.id, "domain.verify")).toMatchObject({ targetId: d.id, after: { verified: true } });
    // Verifying again is harmless.
    expect((await verifyAs(as(a.admin, a.slug), d.id)).status).toBe(200);
  });

  it("422 'TXT record not found' when there is no record, a wrong token, or no answer (timeout)", async () => {
    const a = await tenant();
    const missing = await added(a);
    const res = await verifyAs(as(a.admin, a.slug), missing.id);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/^TXT record not found/);
    expect(res.json.error.message).toContain(missing.txtRecord.value);
    const row = await db.domain.findUniqueOrThrow({ where: { id: missing.id } });
    expect(row.verifiedAt).toBeNull();
    expect(row.lastCheckedAt).not.toBeNull();

    const wrong = await added(a);
    dns.setTxt(wrong.txtRecord.name, "agentruntime-verification=0123456789abcdef0123456789abcdef");
    const wrongRes = await verifyAs(as(a.admin, a.slug), wrong.id);
    expect(wrongRes.status).toBe(422);
    expect(wrongRes.json.error.message).toMatch(/none has the expected value/);

    const silent = await added(a);
    dns.silence(silent.txtRecord.name);
    const started = Date.now();
    const timeout = await verifyAs(as(a.admin, a.slug), silent.id);
    expect(timeout.status).toBe(422);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await db.domain.count({ where: { id: { in: [wrong.id, silent.id] }, verifiedAt: { not: null } } })).toBe(0);
  });

  it("a domain is verified by one workspace at a time (409 for the second)", async () => {
    const a = await tenant();
    const b = await tenant();
    const name = uniqueDomain();
    const da = await added(a, name);
    const db_ = await added(b, name);
    dns.setTxt(da.txtRecord.name, da.txtRecord.value, db_.txtRecord.value);
    expect((await verifyAs(as(a.owner, a.slug), da.id)).status).toBe(200);
    const second = await verifyAs(as(b.owner, b.slug), db_.id);
    expect(second.status).toBe(409);
    expect(second.json.error.message).toMatch(/another workspace/);
    // Once the first workspace removes it, the second may verify.
    expect((await del(as(a.owner, a.slug), da.id)).status).toBe(204);
    expect((await verifyAs(as(b.owner, b.slug), db_.id)).status).toBe(200);
  });

  it("401, 403 (member), 404 (another tenant; row unchanged), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    const d = await added(a);
    dns.setTxt(d.txtRecord.name, d.txtRecord.value);
    expect((await verifyAs({ "x-tenant-id": a.slug }, d.id)).status).toBe(401);
    expect((await verifyAs(as(a.member, a.slug), d.id)).status).toBe(403);
    expect((await verifyAs(as(b.owner, b.slug), d.id)).status).toBe(404);
    expect((await verifyAs(await asToken(b.owner, b.workspace.id), d.id)).status).toBe(404);
    expect((await verifyAs(as(a.owner), d.id)).status).toBe(422);
    const row = await db.domain.findUniqueOrThrow({ where: { id: d.id } });
    expect(row.verifiedAt).toBeNull();
    expect(row.lastCheckedAt).toBeNull();
  });
});

describe("DELETE /v1/domains/{id}", () => {
  it("removes a domain; audited", async () => {
    const a = await tenant();
    const d = await added(a);
    expect((await del(as(a.admin, a.slug), d.id)).status).toBe(204);
    expect(await db.domain.findUnique({ where: { id: d.id } })).toBeNull();
    expect(await lastAudit(a.workspace.id, "domain.delete")).toMatchObject({ targetId: d.id, before: { domain: d.domain } });
  });

  it("keeps the last verified domain while a domain policy is on (409)", async () => {
    const a = await tenant();
    const d = await createTestDomain({ workspaceId: a.workspace.id, domain: uniqueDomain(), verified: true });
    await db.workspace.update({ where: { id: a.workspace.id }, data: { autoJoinVerifiedDomains: true } });
    const res = await del(as(a.owner, a.slug), d.id);
    expect(res.status).toBe(409);
    expect(res.json.error.message).toMatch(/last verified domain/);
    await db.workspace.update({ where: { id: a.workspace.id }, data: { autoJoinVerifiedDomains: false } });
    expect((await del(as(a.owner, a.slug), d.id)).status).toBe(204);
  });

  it("401, 403 (member), 404 (another tenant; row unchanged), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    const d = await added(a);
    expect((await del({ "x-tenant-id": a.slug }, d.id)).status).toBe(401);
    expect((await del(as(a.member, a.slug), d.id)).status).toBe(403);
    expect((await del(as(b.owner, b.slug), d.id)).status).toBe(404);
    expect((await del(await asToken(b.owner, b.workspace.id), d.id)).status).toBe(404);
    expect((await del(as(a.owner), d.id)).status).toBe(422);
    expect(await db.domain.findUnique({ where: { id: d.id } })).not.toBeNull();
  });
});
