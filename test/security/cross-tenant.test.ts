// Another tenant's objects answer exactly like missing ones, nothing changes, every error has
// the one shape, every response carries X-Request-Id, and injected fields are refused.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as auditRoute } from "@/app/v1/audit/route";
import { GET as exportRoute } from "@/app/v1/audit/export/route";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/v1/tokens/route";
import { DELETE as revokeRoute } from "@/app/v1/tokens/[id]/route";
import { POST as rotateRoute } from "@/app/v1/tokens/[id]/rotate/route";
import { db } from "@/lib/db/client";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

let w: World;
let victim: Awaited<ReturnType<typeof createTestToken>>;
let attacker: Awaited<ReturnType<typeof createTestToken>>;
const seen: Response[] = [];

beforeAll(async () => {
  w = await createWorld();
  victim = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, name: "victim" });
  attacker = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id, name: "attacker" });
});

type Handler = Parameters<typeof invoke>[0];
async function hit(handler: Handler, opts: Parameters<typeof invoke>[1]) {
  const r = await invoke(handler, opts);
  seen.push(r.res);
  return r;
}

describe("cross-tenant: another tenant's token on tokens and audit routes", () => {
  it("revoke / rotate another tenant's token id → 404 exactly like a missing id, row unchanged", async () => {
    const before = await db.apiToken.findUniqueOrThrow({ where: { id: victim.row.id } });
    const count = await db.apiToken.count();
    for (const [handler, method, suffix] of [
      [revokeRoute, "DELETE", ""],
      [rotateRoute, "POST", "/rotate"],
    ] as const) {
      const foreign = await hit(handler as Handler, { method, path: `/v1/tokens/${victim.row.id}${suffix}`, headers: tokenHeaders(attacker.token), params: { id: victim.row.id } });
      const missing = await hit(handler as Handler, { method, path: `/v1/tokens/tok_missing${suffix}`, headers: tokenHeaders(attacker.token), params: { id: "tok_missing" } });
      expect(foreign.res.status).toBe(404);
      expectErrorShape(foreign.body, foreign.res, "not_found");
      expect({ ...foreign.body.error, requestId: null }).toEqual({ ...missing.body.error, requestId: null });
    }
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: victim.row.id } })).toEqual(before);
    expect(await db.apiToken.count()).toBe(count);
    expect((await hit(listTokensRoute, { path: "/v1/tokens", headers: tokenHeaders(victim.token) })).res.status).toBe(200);
  });

  it("naming the other workspace in X-Tenant-Id → 404 on every tokens and audit route", async () => {
    const h = tokenHeaders(attacker.token, w.a.workspace.slug);
    const results = [
      await hit(listTokensRoute, { path: "/v1/tokens", headers: h }),
      await hit(createTokenRoute, { path: "/v1/tokens", headers: h, body: { name: "x", scopes: ["workflow:read"] } }),
      await hit(revokeRoute, { method: "DELETE", path: `/v1/tokens/${victim.row.id}`, headers: h, params: { id: victim.row.id } }),
      await hit(rotateRoute, { method: "POST", path: `/v1/tokens/${victim.row.id}/rotate`, headers: h, params: { id: victim.row.id } }),
      await hit(auditRoute, { path: "/v1/audit", headers: h }),
      await hit(exportRoute, { path: "/v1/audit/export", headers: h }),
    ];
    for (const r of results) {
      expect(r.res.status).toBe(404);
      expectErrorShape(r.body, r.res, "not_found");
    }
    expect(await db.apiToken.count({ where: { userId: w.b.owner.id, workspaceId: w.a.workspace.id } })).toBe(0);
  });

  it("a session of the other tenant's owner is no different", async () => {
    const h = await sessionHeaders(w.b.owner.id, w.a.workspace.slug);
    expect((await hit(auditRoute, { path: "/v1/audit", headers: h })).res.status).toBe(404);
    const own = await sessionHeaders(w.b.owner.id, w.b.workspace.slug);
    const r = await hit(revokeRoute, { method: "DELETE", path: `/v1/tokens/${victim.row.id}`, headers: own, params: { id: victim.row.id } });
    expect(r.res.status).toBe(404);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: victim.row.id } })).revokedAt).toBeNull();
  });

  it("the other tenant's audit entries never appear", async () => {
    await hit(createTokenRoute, { path: "/v1/tokens", headers: tokenHeaders(attacker.token), body: { name: "b-side", scopes: ["workflow:read"] } });
    const a = await hit(auditRoute, { path: "/v1/audit?limit=200", headers: await sessionHeaders(w.a.users.owner.id, w.a.workspace.slug) });
    expect(a.res.status).toBe(200);
    const bIds = (await db.auditLog.findMany({ where: { workspaceId: w.b.workspace.id }, select: { id: true } })).map((e) => e.id);
    expect(bIds.length).toBeGreaterThan(0);
    expect(a.body.data.filter((e: { id: string }) => bIds.includes(e.id))).toEqual([]);
  });
});

describe("mass assignment on POST /v1/tokens", () => {
  it.each([
    ["workspaceId", { workspaceId: "__B__" }],
    ["userId", { userId: "__B_USER__" }],
    ["kind", { kind: "automation" }],
    ["id", { id: "tok_chosen" }],
    ["tokenHash", { tokenHash: "0".repeat(64) }],
  ])("%s is refused (422), nothing created", async (_label, extra) => {
    const inject = JSON.parse(JSON.stringify(extra).replace("__B__", w.b.workspace.id).replace("__B_USER__", w.b.owner.id));
    const before = await db.apiToken.count();
    const r = await hit(createTokenRoute, { path: "/v1/tokens", headers: tokenHeaders(victim.token), body: { name: "x", scopes: ["workflow:read"], ...inject } });
    expect(r.res.status).toBe(422);
    expectErrorShape(r.body, r.res, "invalid_request");
    expect(await db.apiToken.count()).toBe(before);
  });

  it("__proto__ pollution is refused and pollutes nothing", async () => {
    const raw = `{"name":"x","scopes":["workflow:read"],"__proto__":{"workspaceId":"${w.b.workspace.id}","polluted":true}}`;
    const r = await hit(createTokenRoute, { path: "/v1/tokens", headers: tokenHeaders(victim.token), body: raw });
    expect(r.res.status).toBe(422);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await db.apiToken.count({ where: { workspaceId: w.b.workspace.id, userId: w.a.users.owner.id } })).toBe(0);
  });
});

describe("every response", () => {
  it("carried an X-Request-Id, and every error the one body shape", async () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const res of seen) {
      expect(res.headers.get("x-request-id")).toBeTruthy();
      if (res.status >= 400) expectErrorShape(await res.clone().json(), res);
    }
  });
});
