import { beforeAll, describe, expect, it } from "vitest";
import { GET as listTokensRoute, POST as createTokenRoute } from "@/app/v1/tokens/route";
import { DELETE as revokeTokenRoute } from "@/app/v1/tokens/[id]/route";
import { POST as rotateTokenRoute } from "@/app/v1/tokens/[id]/rotate/route";
import { db } from "@/lib/db/client";
import { isWellFormedToken } from "@/lib/tokens/format";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, expectErrorShape, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});

const DAY = 86_400_000;
const sessionOf = (userId: string) => sessionHeaders(userId, w.a.workspace.slug);
const create = async (headers: Record<string, string>, body: unknown) => invoke(createTokenRoute, { path: "/v1/tokens", headers, body });
const list = async (headers: Record<string, string>, query = "") => invoke(listTokensRoute, { path: `/v1/tokens${query}`, headers });
const revoke = async (headers: Record<string, string>, id: string) =>
  invoke(revokeTokenRoute, { method: "DELETE", path: `/v1/tokens/${id}`, headers, params: { id } });
const rotate = async (headers: Record<string, string>, id: string) =>
  invoke(rotateTokenRoute, { method: "POST", path: `/v1/tokens/${id}/rotate`, headers, params: { id } });
const auditFor = (targetId: string) => db.auditLog.findMany({ where: { targetId }, orderBy: { id: "asc" } });

describe("POST /v1/tokens", () => {
  it("creates a token whose value is shown once and stored only as a hash", async () => {
    const user = w.a.users.member_project_viewer;
    const { res, body } = await create(await sessionOf(user.id), { name: "CI", scopes: ["workflow:read", "workflow:read"], expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(isWellFormedToken(body.token, "pat")).toBe(true);
    expect(body).toMatchObject({ name: "CI", scopes: ["workflow:read"], userId: user.id, project: null, revokedAt: null, lastUsedAt: null });
    expect(body.prefix).toBe(body.token.slice(0, 13));
    expect(Math.abs(new Date(body.expiresAt).getTime() - (Date.now() + 30 * DAY))).toBeLessThan(60_000);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.tokenHash).not.toContain(body.token);
    expect(row).toMatchObject({ workspaceId: w.a.workspace.id, userId: user.id, kind: "personal" });

    const listed = await list(await sessionOf(user.id));
    const item = listed.body.data.find((t: { id: string }) => t.id === body.id);
    expect(item).toBeDefined();
    expect(item).not.toHaveProperty("token");
    expect(JSON.stringify(listed.body)).not.toContain(body.token);
    expect(JSON.stringify(listed.body)).not.toContain(row.tokenHash);

    const [entry] = await auditFor(body.id);
    expect(entry).toMatchObject({ action: "token.create", workspaceId: w.a.workspace.id, actorType: "user", actorId: user.id, targetType: "api_token" });
    expect(JSON.stringify(entry)).not.toContain(body.token);
    expect(JSON.stringify(entry)).not.toContain(row.tokenHash);
  });

  it("restricts to a visible project by slug or id; an invisible or foreign project is a 404", async () => {
    const contributor = w.a.users.member_project_contributor;
    const bySlug = await create(await sessionOf(contributor.id), { name: "p", scopes: ["workflow:run"], projectId: w.a.own.slug });
    expect(bySlug.res.status).toBe(201);
    expect(bySlug.body.project).toEqual({ id: w.a.own.id, slug: w.a.own.slug, name: w.a.own.name });
    const byId = await create(await sessionOf(w.a.users.tenant_admin.id), { name: "p", scopes: ["workflow:run"], projectId: w.a.other.id });
    expect(byId.res.status).toBe(201);

    for (const projectId of [w.a.other.id, w.a.other.slug, w.b.project.id, "no-such-project"]) {
      const r = await create(await sessionOf(contributor.id), { name: "p", scopes: ["workflow:run"], projectId });
      expect(r.res.status).toBe(404);
      expectErrorShape(r.body, r.res, "not_found");
    }
  });

  it("answers 401 without credentials and 404 for a workspace the caller is not in", async () => {
    const anon = await create({ "x-tenant-id": w.a.workspace.slug }, { name: "x", scopes: ["workflow:read"] });
    expect(anon.res.status).toBe(401);
    expectErrorShape(anon.body, anon.res, "unauthorized");
    const foreign = await create(await sessionHeaders(w.b.owner.id, w.a.workspace.slug), { name: "x", scopes: ["workflow:read"] });
    expect(foreign.res.status).toBe(404);
    expect(await db.apiToken.count({ where: { userId: w.b.owner.id } })).toBe(0);
  });

  it.each([
    ["no name", { scopes: ["workflow:read"] }],
    ["no scopes", { name: "x", scopes: [] }],
    ["unknown scope", { name: "x", scopes: ["root"] }],
    ["both expiries", { name: "x", scopes: ["workflow:read"], expiresInDays: 3, expiresAt: new Date(Date.now() + DAY).toISOString() }],
    ["past expiry", { name: "x", scopes: ["workflow:read"], expiresAt: new Date(Date.now() - DAY).toISOString() }],
    ["expiry beyond 366 days", { name: "x", scopes: ["workflow:read"], expiresAt: new Date(Date.now() + 400 * DAY).toISOString() }],
    ["zero days", { name: "x", scopes: ["workflow:read"], expiresInDays: 0 }],
    ["injected workspaceId", { name: "x", scopes: ["workflow:read"], workspaceId: "ws_other" }],
    ["injected userId", { name: "x", scopes: ["workflow:read"], userId: "usr_other" }],
    ["injected kind", { name: "x", scopes: ["workflow:read"], kind: "automation" }],
    ["__proto__", '{"name":"x","scopes":["workflow:read"],"__proto__":{"workspaceId":"ws_other","userId":"usr_other"}}'],
    ["malformed JSON", '{"name":'],
  ])("422 for %s, and nothing is created", async (_label, body) => {
    const user = w.a.users.member_none;
    const before = await db.apiToken.count({ where: { userId: user.id } });
    const r = await create(await sessionOf(user.id), body);
    expect(r.res.status).toBe(422);
    expectErrorShape(r.body, r.res, "invalid_request");
    expect(await db.apiToken.count({ where: { userId: user.id } })).toBe(before);
  });

  describe("when the caller is a token", () => {
    it("cannot grant scopes it lacks (403), can grant a subset", async () => {
      const owner = w.a.users.owner;
      const { token } = await createTestToken({ userId: owner.id, workspaceId: w.a.workspace.id, scopes: ["tokens:write", "workflow:read"] });
      const wider = await create(tokenHeaders(token), { name: "x", scopes: ["workflow:read", "workspace:admin"] });
      expect(wider.res.status).toBe(403);
      expectErrorShape(wider.body, wider.res, "insufficient_scope");
      const subset = await create(tokenHeaders(token), { name: "x", scopes: ["workflow:read"] });
      expect(subset.res.status).toBe(201);
      expect(subset.body.userId).toBe(owner.id);
    });

    it("needs tokens:write at all", async () => {
      const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id, scopes: ["workflow:read"] });
      const r = await create(tokenHeaders(token), { name: "x", scopes: ["workflow:read"] });
      expect(r.res.status).toBe(403);
      expect((await list(tokenHeaders(token))).res.status).toBe(403);
    });

    it("keeps its project restriction and cannot outlive itself", async () => {
      const admin = w.a.users.tenant_admin;
      const expiresAt = new Date(Date.now() + 5 * DAY);
      const { token } = await createTestToken({ userId: admin.id, workspaceId: w.a.workspace.id, projectId: w.a.own.id, expiresAt });
      const inherited = await create(tokenHeaders(token), { name: "child", scopes: ["workflow:read"] });
      expect(inherited.res.status).toBe(201);
      expect(inherited.body.project.id).toBe(w.a.own.id);
      expect(new Date(inherited.body.expiresAt).getTime()).toBe(expiresAt.getTime());
      const elsewhere = await create(tokenHeaders(token), { name: "child", scopes: ["workflow:read"], projectId: w.a.other.id });
      expect(elsewhere.res.status).toBe(404);
      const longer = await create(tokenHeaders(token), { name: "child", scopes: ["workflow:read"], expiresInDays: 30 });
      expect(longer.res.status).toBe(422);
      const shorter = await create(tokenHeaders(token), { name: "child", scopes: ["workflow:read"], expiresInDays: 1 });
      expect(shorter.res.status).toBe(201);
    });
  });
});

describe("GET /v1/tokens", () => {
  it("lists only the caller's own tokens in this workspace, newest first, paginated", async () => {
    const user = w.a.users.member_project_admin;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id, name: `t${i}` })).row.id);
    await createTestToken({ userId: w.a.users.member_none.id, workspaceId: w.a.workspace.id });
    await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id, kind: "automation" });

    const first = await list(await sessionOf(user.id), "?limit=2");
    expect(first.res.status).toBe(200);
    expect(first.body.data.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    const second = await list(await sessionOf(user.id), `?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("filters active tokens with status=active", async () => {
    const user = w.a.users.member_project_viewer;
    const live = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    const expired = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id, expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    await db.apiToken.update({ where: { id: revoked.row.id }, data: { revokedAt: new Date() } });
    const all = (await list(await sessionOf(user.id), "?limit=200")).body.data.map((t: { id: string }) => t.id);
    expect(all).toEqual(expect.arrayContaining([live.row.id, expired.row.id, revoked.row.id]));
    const active = (await list(await sessionOf(user.id), "?status=active&limit=200")).body.data.map((t: { id: string }) => t.id);
    expect(active).toContain(live.row.id);
    expect(active).not.toContain(expired.row.id);
    expect(active).not.toContain(revoked.row.id);
  });

  it("lets an admin list a member's tokens; a member asking for someone else gets 403 (audited)", async () => {
    const target = w.a.users.member_project_contributor;
    const t = await createTestToken({ userId: target.id, workspaceId: w.a.workspace.id });
    const asAdmin = await list(await sessionOf(w.a.users.tenant_admin.id), `?userId=${target.id}&limit=200`);
    expect(asAdmin.res.status).toBe(200);
    expect(asAdmin.body.data.map((x: { id: string }) => x.id)).toContain(t.row.id);
    const asMember = await list(await sessionOf(w.a.users.member_none.id), `?userId=${target.id}`);
    expect(asMember.res.status).toBe(403);
    expectErrorShape(asMember.body, asMember.res, "forbidden");
    const denial = await db.auditLog.findFirst({ where: { action: "authz.denied", actorId: w.a.users.member_none.id, workspaceId: w.a.workspace.id } });
    expect(denial?.metadata).toMatchObject({ attempted: "member.update" });
    const foreignAdmin = await list(await sessionHeaders(w.b.owner.id, w.b.workspace.slug), `?userId=${target.id}`);
    expect(foreignAdmin.res.status).toBe(200);
    expect(foreignAdmin.body.data).toEqual([]);
  });

  it("422 for a bad query, 401 anonymous", async () => {
    const bad = await list(await sessionOf(w.a.users.owner.id), "?limit=0");
    expect(bad.res.status).toBe(422);
    expectErrorShape(bad.body, bad.res, "invalid_request");
    expect((await list({ "x-tenant-id": w.a.workspace.slug })).res.status).toBe(401);
  });
});

describe("DELETE /v1/tokens/{id}", () => {
  it("revokes the caller's own token: the very next request with it is a 401; idempotent; audited once", async () => {
    const user = w.a.users.member_none;
    const { token, row } = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    expect((await list(tokenHeaders(token))).res.status).toBe(200);
    const r = await revoke(tokenHeaders(token), row.id);
    expect(r.res.status).toBe(200);
    expect(r.body.revokedAt).not.toBeNull();
    const after = await list(tokenHeaders(token));
    expect(after.res.status).toBe(401);
    expectErrorShape(after.body, after.res, "unauthorized");
    const again = await revoke(await sessionOf(user.id), row.id);
    expect(again.res.status).toBe(200);
    expect(again.body.revokedAt).toBe(r.body.revokedAt);
    const entries = await auditFor(row.id);
    expect(entries.map((e) => e.action)).toEqual(["token.revoke"]);
    expect(entries[0].actorType).toBe("token");
  });

  it("404s for another member's token (row unchanged) unless the caller is an admin", async () => {
    const victim = await createTestToken({ userId: w.a.users.member_project_viewer.id, workspaceId: w.a.workspace.id });
    const r = await revoke(await sessionOf(w.a.users.member_project_admin.id), victim.row.id);
    expect(r.res.status).toBe(404);
    expectErrorShape(r.body, r.res, "not_found");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: victim.row.id } })).revokedAt).toBeNull();

    const byAdmin = await revoke(await sessionOf(w.a.users.tenant_admin.id), victim.row.id);
    expect(byAdmin.res.status).toBe(200);
    const [entry] = await auditFor(victim.row.id);
    expect(entry).toMatchObject({ action: "token.revoke", actorId: w.a.users.tenant_admin.id });
    expect(entry.metadata).toMatchObject({ ownerUserId: w.a.users.member_project_viewer.id });
  });

  it("404s for another tenant's token, even for its admin, and the row is unchanged", async () => {
    const foreign = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    const snapshot = await db.apiToken.findUniqueOrThrow({ where: { id: foreign.row.id } });
    const r = await revoke(await sessionOf(w.a.users.owner.id), foreign.row.id);
    expect(r.res.status).toBe(404);
    expect(await db.apiToken.findUniqueOrThrow({ where: { id: foreign.row.id } })).toEqual(snapshot);
    expect((await revoke({}, foreign.row.id)).res.status).toBe(401);
  });
});

describe("POST /v1/tokens/{id}/rotate", () => {
  it("revokes the old token and issues a successor with the same name, scopes, project and lifetime", async () => {
    const user = w.a.users.member_project_contributor;
    const created = await create(await sessionOf(user.id), { name: "deploy", scopes: ["workflow:run", "tokens:write"], projectId: w.a.own.slug, expiresInDays: 10 });
    const old = await db.apiToken.findUniqueOrThrow({ where: { id: created.body.id } });
    await db.apiToken.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 5 * DAY), expiresAt: new Date(Date.now() + 5 * DAY) } });

    const r = await rotate(await sessionOf(user.id), old.id);
    expect(r.res.status).toBe(201);
    expect(r.body.id).not.toBe(old.id);
    expect(r.body.token).not.toBe(created.body.token);
    expect(isWellFormedToken(r.body.token, "pat")).toBe(true);
    expect(r.body).toMatchObject({ name: "deploy", scopes: ["workflow:run", "tokens:write"], project: { id: w.a.own.id }, revokedAt: null });
    expect(Math.abs(new Date(r.body.expiresAt).getTime() - (Date.now() + 10 * DAY))).toBeLessThan(60_000);

    expect((await list(tokenHeaders(created.body.token))).res.status).toBe(401);
    expect((await list(tokenHeaders(r.body.token))).res.status).toBe(200);
    const [entry] = await auditFor(r.body.id);
    expect(entry).toMatchObject({ action: "token.rotate", metadata: { previousTokenId: old.id } });
    expect(JSON.stringify(entry)).not.toContain(r.body.token);
  });

  it("a token rotating itself cannot extend its own life: the successor expires when it would have", async () => {
    const user = w.a.users.member_project_contributor;
    const expiresAt = new Date(Date.now() + 2 * DAY);
    const self = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id, expiresAt });
    await db.apiToken.update({ where: { id: self.row.id }, data: { createdAt: new Date(Date.now() - 28 * DAY) } });
    const r = await rotate(tokenHeaders(self.token), self.row.id);
    expect(r.res.status).toBe(201);
    expect(new Date(r.body.expiresAt).getTime()).toBe(expiresAt.getTime());
    expect((await list(tokenHeaders(self.token))).res.status).toBe(401);
    expect((await list(tokenHeaders(r.body.token))).res.status).toBe(200);
  });

  it("409 for a revoked token; 404 for someone else's, even as admin; 404 cross-tenant", async () => {
    const user = w.a.users.member_none;
    const revoked = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    await db.apiToken.update({ where: { id: revoked.row.id }, data: { revokedAt: new Date() } });
    const conflict = await rotate(await sessionOf(user.id), revoked.row.id);
    expect(conflict.res.status).toBe(409);
    expectErrorShape(conflict.body, conflict.res, "conflict");

    const members = await createTestToken({ userId: user.id, workspaceId: w.a.workspace.id });
    expect((await rotate(await sessionOf(w.a.users.owner.id), members.row.id)).res.status).toBe(404);
    const foreign = await createTestToken({ userId: w.b.owner.id, workspaceId: w.b.workspace.id });
    expect((await rotate(await sessionOf(w.a.users.owner.id), foreign.row.id)).res.status).toBe(404);
    expect(await db.apiToken.count({ where: { id: { in: [members.row.id, foreign.row.id] }, revokedAt: { not: null } } })).toBe(0);
  });

  it("a token cannot rotate a token with scopes beyond its own", async () => {
    const owner = w.a.users.owner;
    const broad = await createTestToken({ userId: owner.id, workspaceId: w.a.workspace.id, scopes: ["workspace:admin", "tokens:write"] });
    const narrow = await createTestToken({ userId: owner.id, workspaceId: w.a.workspace.id, scopes: ["tokens:write"] });
    const r = await rotate(tokenHeaders(narrow.token), broad.row.id);
    expect(r.res.status).toBe(403);
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: broad.row.id } })).revokedAt).toBeNull();
  });
});
