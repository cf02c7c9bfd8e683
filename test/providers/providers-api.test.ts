import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { setLogSink } from "@/lib/core/logger";
import { GET as list, POST as create } from "@/app/v1/providers/route";
import { DELETE as remove, GET as getOne, PATCH as patch } from "@/app/v1/providers/[id]/route";
import { POST as validate } from "@/app/v1/providers/[id]/validate/route";
import { GET as catalog } from "@/app/v1/models/route";
import { getProviderSecret } from "@/lib/providers/get-provider-secret";
import { as, asToken, call } from "@/test/support/http";
import { lastAudit, tenant, type Tenant } from "@/test/support/world";
import { startFakeVendors } from "@/test/llm/fake-vendors";
import { createTestAgent } from "@/test/factories/agents";

const KEYS = { openai: "sk-canary-openai-7f3a9c1e5b", anthropic: "sk-ant-canary-2d8e4f6a0c", google: "AIzaCanaryGoogle4b9d1e7f3a", compat: "compat-canary-8c2f5a1d9e" };
let fake: Awaited<ReturnType<typeof startFakeVendors>>;
const logs: string[] = [];
const responses: string[] = [];

beforeAll(async () => {
  fake = await startFakeVendors(KEYS);
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  process.env.LLM_VALIDATE_TIMEOUT_MS = "500";
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  setLogSink(null);
  delete process.env.EGRESS_ALLOWED_HOSTS;
  delete process.env.LLM_VALIDATE_TIMEOUT_MS;
  await fake.close();
});

async function recorded(p: ReturnType<typeof call>) {
  const r = await p;
  responses.push(r.text);
  return r;
}
const post = (h: Record<string, string>, body: unknown) => recorded(call(create, "/v1/providers", { method: "POST", headers: h, body }));
const get = (h: Record<string, string>, id: string) => recorded(call(getOne, `/v1/providers/${id}`, { headers: h, params: { id } }));
const update = (h: Record<string, string>, id: string, body: unknown) => recorded(call(patch, `/v1/providers/${id}`, { method: "PATCH", headers: h, body, params: { id } }));
const del = (h: Record<string, string>, id: string) => recorded(call(remove, `/v1/providers/${id}`, { method: "DELETE", headers: h, params: { id } }));
const check = (h: Record<string, string>, id: string) => recorded(call(validate, `/v1/providers/${id}/validate`, { method: "POST", headers: h, params: { id } }));

async function added(t: Tenant, body: Record<string, unknown> = {}) {
  const res = await post(as(t.admin, t.slug), { name: `OpenAI ${Math.random().toString(36).slice(2, 8)}`, vendor: "openai", apiKey: KEYS.openai, baseUrl: fake.urls.openai, ...body });
  expect(res.status).toBe(201);
  return res.json as { id: string; name: string };
}

describe("POST /v1/providers", () => {
  it("stores the key sealed in the vault, returns only a hint; audited without the key", async () => {
    const a = await tenant();
    const res = await post(as(a.admin, a.slug), { name: "Main OpenAI", vendor: "openai", apiKey: KEYS.openai, baseUrl: fake.urls.openai });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Main OpenAI", vendor: "openai", source: "workspace", status: "pending", keyHint: `…${KEYS.openai.slice(-4)}`, models: [] });
    expect(res.json).not.toHaveProperty("apiKey");
    const row = await db.llmProvider.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(Buffer.from(row.apiKey).toString("latin1")).not.toContain(KEYS.openai);
    expect(await getProviderSecret(a.workspace.id, res.json.id)).toBe(KEYS.openai);
    expect(await lastAudit(a.workspace.id, "provider.create")).toMatchObject({ targetId: res.json.id, after: { name: "Main OpenAI", vendor: "openai" } });
  });

  it("401, 403 (member; read-only token), 404 (another tenant), 409 (name), 422 (body, compatible without URL, private URL)", async () => {
    const a = await tenant();
    const b = await tenant();
    const body = { name: "X", vendor: "anthropic", apiKey: KEYS.anthropic };
    expect((await post({ "x-tenant-id": a.slug }, body)).status).toBe(401);
    expect((await post(as(a.member, a.slug), body)).status).toBe(403);
    expect((await post(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:read"] }), body)).status).toBe(403);
    expect((await post(as(b.owner, a.slug), body)).status).toBe(404);
    expect(await db.llmProvider.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
    expect((await post(as(a.owner, a.slug), body)).status).toBe(201);
    expect((await post(as(a.owner, a.slug), body)).status).toBe(409);
    for (const bad of [
      { ...body, vendor: "mistral" },
      { ...body, apiKey: "" },
      { ...body, name: "" },
      { name: "C", vendor: "openai_compatible", apiKey: "k" },
      { ...body, name: "Y", workspaceId: b.workspace.id },
      { ...body, name: "Z", baseUrl: "ftp://example.com" },
    ]) {
      expect((await post(as(a.owner, a.slug), bad)).status, JSON.stringify(bad)).toBe(422);
    }
    for (const url of ["http://10.0.0.1/v1", "http://169.254.169.254/latest", "http://[::1]:8080/v1", "http://192.168.1.10/v1"]) {
      const res = await post(as(a.owner, a.slug), { name: "P", vendor: "openai_compatible", apiKey: "k", baseUrl: url });
      expect(res.status, url).toBe(422);
      expect(res.json.error.details[0].path).toBe("baseUrl");
    }
  });
});

describe("GET /v1/providers, GET /v1/providers/{id}", () => {
  it("lists providers and labels platform defaults (never their key)", async () => {
    const a = await tenant();
    const p = await added(a);
    process.env.PLATFORM_ANTHROPIC_API_KEY = "sk-ant-platform-secret-value-1";
    process.env.PLATFORM_OPENAI_API_KEY = "sk-platform-secret-value-2";
    try {
      const res = await recorded(call(list, "/v1/providers", { headers: as(a.member, a.slug) }));
      expect(res.status).toBe(200);
      expect(res.json.data).toEqual([expect.objectContaining({ id: p.id, source: "workspace" })]);
      expect(res.json.platformDefaults).toEqual([
        { id: "platform", source: "platform", name: "Platform OpenAI", vendor: "openai", inUse: false },
        { id: "platform", source: "platform", name: "Platform Anthropic", vendor: "anthropic", inUse: true },
      ]);
      expect(res.text).not.toContain("platform-secret-value");
    } finally {
      delete process.env.PLATFORM_ANTHROPIC_API_KEY;
      delete process.env.PLATFORM_OPENAI_API_KEY;
    }
    expect((await get(as(a.member, a.slug), p.id)).json).toMatchObject({ id: p.id, name: p.name });
  });

  it("401, 403 (token scope), 404 (another tenant's provider; unknown id), 422 (no tenant)", async () => {
    const a = await tenant();
    const b = await tenant();
    const p = await added(a);
    expect((await call(list, "/v1/providers", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(list, "/v1/providers", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) })).status).toBe(403);
    expect((await call(list, "/v1/providers", { headers: as(a.owner) })).status).toBe(422);
    expect((await get(as(b.owner, b.slug), p.id)).status).toBe(404);
    expect((await get(as(a.owner, a.slug), "llmp_missing")).status).toBe(404);
    expect((await get({}, p.id)).status).toBe(401);
    expect((await get(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }), p.id)).status).toBe(403);
  });
});

describe("PATCH /v1/providers/{id}", () => {
  it("renames, replaces the key (re-sealed, status back to pending); audited without the key", async () => {
    const a = await tenant();
    const p = await added(a);
    await check(as(a.admin, a.slug), p.id);
    const res = await update(as(a.admin, a.slug), p.id, { name: "Renamed", apiKey: "sk-canary-replaced-key-55aa" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "Renamed", status: "pending", keyHint: "…55aa" });
    expect(await getProviderSecret(a.workspace.id, p.id)).toBe("sk-canary-replaced-key-55aa");
    expect(await lastAudit(a.workspace.id, "provider.update")).toMatchObject({ targetId: p.id, metadata: { keyReplaced: true } });
  });

  it("401, 403, 404 (another tenant: row unchanged), 409, 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const p = await added(a);
    const other = await added(a);
    expect((await update({}, p.id, { name: "n" })).status).toBe(401);
    expect((await update(as(a.member, a.slug), p.id, { name: "n" })).status).toBe(403);
    expect((await update(as(b.owner, b.slug), p.id, { name: "hijack", apiKey: "sk-attacker-000000000" })).status).toBe(404);
    expect(await db.llmProvider.findUniqueOrThrow({ where: { id: p.id }, select: { name: true } })).toEqual({ name: p.name });
    expect(await getProviderSecret(a.workspace.id, p.id)).toBe(KEYS.openai);
    expect((await update(as(a.owner, a.slug), p.id, { name: other.name })).status).toBe(409);
    expect((await update(as(a.owner, a.slug), p.id, {})).status).toBe(422);
    expect((await update(as(a.owner, a.slug), p.id, { vendor: "google" })).status).toBe(422);
    expect((await update(as(a.owner, a.slug), p.id, { baseUrl: "http://10.1.2.3/v1" })).status).toBe(422);
  });
});

describe("POST /v1/providers/{id}/validate (fake vendors on 127.0.0.1)", () => {
  it.each([
    ["openai", KEYS.openai, "openai", ["gpt-4.1", "gpt-4o", "gpt-4o-mini"]],
    ["anthropic", KEYS.anthropic, "anthropic", ["claude-haiku-4-5-20251001", "claude-sonnet-4-5-20250929"]],
    ["google", KEYS.google, "google", ["gemini-2.5-flash", "gemini-2.5-pro"]],
    ["openai_compatible", KEYS.compat, "compat", ["llama-3.1-8b", "mixtral-8x7b"]],
  ] as const)("%s: lists the vendor's models → active", async (vendor, apiKey, path, models) => {
    const a = await tenant();
    const p = await added(a, { vendor, apiKey, baseUrl: fake.urls[path] });
    const res = await check(as(a.admin, a.slug), p.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "active", statusReason: null, models });
    expect(res.json.lastValidatedAt).not.toBeNull();
    expect(await lastAudit(a.workspace.id, "provider.validate")).toMatchObject({ targetId: p.id, after: { status: "active", modelCount: models.length } });
  });

  it("a rejected key, an unreachable host and a timeout → error with a clear reason", async () => {
    const a = await tenant();
    for (const [vendor, path] of [["openai", "openai"], ["anthropic", "anthropic"], ["google", "google"]] as const) {
      const bad = await added(a, { vendor, apiKey: "sk-canary-wrong-key-0000", baseUrl: fake.urls[path] });
      expect((await check(as(a.owner, a.slug), bad.id)).json, vendor).toMatchObject({ status: "error", statusReason: expect.stringMatching(/rejected the API key/) });
    }
    const down = await added(a, { baseUrl: "http://127.0.0.1:9/v1" });
    expect((await check(as(a.owner, a.slug), down.id)).json).toMatchObject({ status: "error", statusReason: "Could not reach 127.0.0.1:9" });
    // A TCP server that accepts and never answers.
    const { createServer } = await import("node:net");
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const port = (silent.address() as { port: number }).port;
      const slow = await added(a, { baseUrl: `http://127.0.0.1:${port}/v1` });
      expect((await check(as(a.owner, a.slug), slow.id)).json).toMatchObject({ status: "error", statusReason: `No answer from 127.0.0.1:${port} within 500 ms` });
    } finally {
      silent.close();
    }
  });

  it("401, 403 (member), 404 (another tenant: status unchanged)", async () => {
    const a = await tenant();
    const b = await tenant();
    const p = await added(a);
    expect((await check({}, p.id)).status).toBe(401);
    expect((await check(as(a.member, a.slug), p.id)).status).toBe(403);
    expect((await check(as(b.owner, b.slug), p.id)).status).toBe(404);
    expect(await db.llmProvider.findUniqueOrThrow({ where: { id: p.id }, select: { status: true, lastValidatedAt: true } })).toEqual({ status: "pending", lastValidatedAt: null });
  });
});

describe("DELETE /v1/providers/{id}", () => {
  it("deletes the provider and its key; audited", async () => {
    const a = await tenant();
    const p = await added(a);
    expect((await del(as(a.admin, a.slug), p.id)).status).toBe(204);
    expect(await db.llmProvider.count({ where: { id: p.id } })).toBe(0);
    expect(await lastAudit(a.workspace.id, "provider.delete")).toMatchObject({ targetId: p.id });
  });

  it("401, 403, 404 (another tenant: row kept), 409 while a model setting uses it", async () => {
    const a = await tenant();
    const b = await tenant();
    const p = await added(a);
    expect((await del({}, p.id)).status).toBe(401);
    expect((await del(as(a.member, a.slug), p.id)).status).toBe(403);
    expect((await del(as(b.owner, b.slug), p.id)).status).toBe(404);
    expect(await db.llmProvider.count({ where: { id: p.id } })).toBe(1);
    await db.modelSetting.create({ data: { id: "mset_test_" + p.id.slice(-8), workspaceId: a.workspace.id, projectId: a.project.id, role: "default", providerId: p.id, model: "gpt-4o" } });
    expect((await del(as(a.owner, a.slug), p.id)).status).toBe(409);
  });

  it("409 while an agent's models name it; deletable once they do not", async () => {
    const a = await tenant();
    const p = await added(a);
    const { agent } = await createTestAgent({ workspaceId: a.workspace.id, projectId: a.project.id, models: [{ role: "default", model: "gpt-4o" }, { role: "fast", model: "gpt-4o-mini", providerId: p.id }] });
    const refused = await del(as(a.owner, a.slug), p.id);
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toContain("1 agent");
    await db.agent.update({ where: { id: agent.id }, data: { models: [{ role: "default", model: "gpt-4o" }] } });
    expect((await del(as(a.owner, a.slug), p.id)).status).toBe(204);
  });
});

describe("GET /v1/models", () => {
  it("returns the catalog with integer prices; 401 and 403 (token scope)", async () => {
    const a = await tenant();
    const res = await call(catalog, "/v1/models", { headers: as(a.member, a.slug) });
    expect(res.status).toBe(200);
    expect(res.json.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.json.data).toContainEqual(expect.objectContaining({ vendor: "openai", id: "gpt-4o", inputMicrosPerMTok: 2_500_000, outputMicrosPerMTok: 10_000_000, contextWindow: 128_000 }));
    for (const m of res.json.data) expect(Number.isInteger(m.inputMicrosPerMTok) && Number.isInteger(m.outputMicrosPerMTok)).toBe(true);
    expect((await call(catalog, "/v1/models", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(catalog, "/v1/models", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) })).status).toBe(403);
  });
});

describe("canary: provider keys never leave the vault", () => {
  it("0 hits across every response, log line and audit row of this file", async () => {
    const canaries = [...Object.values(KEYS), "sk-canary-replaced-key-55aa", "sk-canary-wrong-key-0000", "sk-attacker-000000000"];
    const audit = JSON.stringify(await db.auditLog.findMany({ where: { action: { startsWith: "provider." } } }));
    const haystacks = { responses: responses.join("\n"), logs: logs.join("\n"), audit };
    expect(responses.length).toBeGreaterThan(30);
    for (const [where, text] of Object.entries(haystacks)) {
      for (const c of canaries) expect(text.includes(c), `${c} in ${where}`).toBe(false);
    }
  });
});
