import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listWorkspaces, POST as createWorkspace } from "@/app/v1/workspaces/route";
import { GET as getCurrent, PATCH as patchCurrent } from "@/app/v1/workspaces/current/route";
import { POST as transfer } from "@/app/v1/workspaces/current/transfer/route";
import { createTestDomain } from "@/test/factories/tenancy";
import { as, asToken, call, NO_AUTH } from "@/test/support/http";
import { lastAudit, person, tenant } from "@/test/support/world";

describe("GET /v1/workspaces", () => {
  it("lists the caller's workspaces with their role, newest first, paginated", async () => {
    const a = await tenant();
    const b = await tenant();
    await db.workspaceMember.create({ data: { workspaceId: b.workspace.id, userId: a.member.id, role: "tenant_admin" } });
    const res = await call(listWorkspaces, "/v1/workspaces", { headers: as(a.member) });
    expect(res.status).toBe(200);
    expect(res.json.data.map((w: { slug: string; role: string }) => [w.slug, w.role])).toEqual([
      [b.slug, "tenant_admin"],
      [a.slug, "member"],
    ]);
    const page1 = await call(listWorkspaces, "/v1/workspaces", { headers: as(a.member), query: { limit: "1" } });
    expect(page1.json.data).toHaveLength(1);
    expect(page1.json.nextCursor).toBe(b.workspace.id);
    const page2 = await call(listWorkspaces, "/v1/workspaces", { headers: as(a.member), query: { limit: "1", cursor: page1.json.nextCursor } });
    expect(page2.json.data.map((w: { slug: string }) => w.slug)).toEqual([a.slug]);
    expect(page2.json.nextCursor).toBeNull();
  });

  it("lists only a token's own workspace", async () => {
    const a = await tenant();
    const b = await tenant();
    await db.workspaceMember.create({ data: { workspaceId: b.workspace.id, userId: a.owner.id, role: "member" } });
    const res = await call(listWorkspaces, "/v1/workspaces", { headers: await asToken(a.owner, a.workspace.id) });
    expect(res.status).toBe(200);
    expect(res.json.data.map((w: { id: string }) => w.id)).toEqual([a.workspace.id]);
  });

  it("401 without credentials, 403 for a token without workspace:read, 422 for a bad limit", async () => {
    const a = await tenant();
    expect((await call(listWorkspaces, "/v1/workspaces", { headers: NO_AUTH })).status).toBe(401);
    const res = await call(listWorkspaces, "/v1/workspaces", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
    expect(await lastAudit(a.workspace.id, "authz.denied")).not.toBeNull();
    expect((await call(listWorkspaces, "/v1/workspaces", { headers: as(a.owner), query: { limit: "0" } })).status).toBe(422);
  });
});

describe("POST /v1/workspaces", () => {
  it("creates a workspace with a default project; the caller is owner; both are audited", async () => {
    const u = await person();
    const slug = `acme-${Date.now()}`;
    const res = await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: as(u), body: { slug: slug.toUpperCase(), name: " Acme " } });
    expect(res.status).toBe(201);
    expect(res.json.workspace).toMatchObject({ slug, name: "Acme", role: "owner", restrictToVerifiedDomains: false });
    expect(res.json.project).toMatchObject({ slug: "default", isDefault: true, role: "project_admin" });
    const ws = res.json.workspace.id as string;
    expect(await db.workspaceMember.findMany({ where: { workspaceId: ws }, select: { userId: true, role: true } })).toEqual([{ userId: u.id, role: "owner" }]);
    expect(await db.project.count({ where: { workspaceId: ws, isDefault: true } })).toBe(1);
    const audit = await lastAudit(ws, "workspace.create");
    expect(audit).toMatchObject({ actorType: "user", actorId: u.id, targetId: ws });
    expect(await lastAudit(ws, "project.create")).not.toBeNull();
    // The new workspace is usable at once.
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: as(u, slug) })).status).toBe(200);
  });

  it("409 for a taken slug; 422 for bad slugs and injected fields; 401 anonymous", async () => {
    const a = await tenant();
    const u = await person();
    const taken = await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: as(u), body: { slug: a.slug, name: "x" } });
    expect(taken.status).toBe(409);
    for (const body of [{ slug: "a", name: "x" }, { slug: "-bad-", name: "x" }, { slug: "ok-slug", name: "" }, { slug: "ok-slug", name: "x", role: "owner" }, { slug: "ok-slug", name: "x", id: "ws_1" }]) {
      const res = await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: as(u), body });
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    expect((await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: as(u), body: "{not json" })).status).toBe(422);
    expect((await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: NO_AUTH, body: { slug: "anon-ws", name: "x" } })).status).toBe(401);
    expect(await db.workspace.count({ where: { slug: { in: ["ok-slug", "anon-ws"] } } })).toBe(0);
  });

  it("403 for a token: tokens cannot create workspaces (and the denial is audited)", async () => {
    const a = await tenant();
    const slug = `tok-${Date.now()}`;
    const res = await call(createWorkspace, "/v1/workspaces", { method: "POST", headers: await asToken(a.owner, a.workspace.id), body: { slug, name: "x" } });
    expect(res.status).toBe(403);
    expect(await db.workspace.count({ where: { slug } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "authz.denied", actorType: "token", metadata: { path: ["attempted"], equals: "workspace.create" } } })).toBeGreaterThan(0);
  });
});

describe("GET /v1/workspaces/current", () => {
  it("returns the X-Tenant-Id workspace with the caller's role and policies", async () => {
    const a = await tenant();
    const res = await call(getCurrent, "/v1/workspaces/current", { headers: as(a.member, a.slug) });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: a.workspace.id, slug: a.slug, role: "member", autoJoinVerifiedDomains: false });
  });

  it("401, 403 (token scope), 404 (another tenant), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: await asToken(a.member, a.workspace.id, { scopes: ["workflow:run"] }) })).status).toBe(403);
    const foreign = await call(getCurrent, "/v1/workspaces/current", { headers: as(b.owner, a.slug) });
    expect(foreign.status).toBe(404);
    const missing = await call(getCurrent, "/v1/workspaces/current", { headers: as(b.owner, "no-such-workspace") });
    expect(missing.json.error.message).toBe(foreign.json.error.message);
    // A token names its workspace by itself; naming another one is a 404 too.
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: await asToken(b.owner, b.workspace.id, { slug: a.slug }) })).status).toBe(404);
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: as(a.owner) })).status).toBe(422);
  });
});

describe("PATCH /v1/workspaces/current", () => {
  it("renames the workspace; audited with before/after", async () => {
    const a = await tenant();
    const res = await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers: as(a.admin, a.slug), body: { name: "Renamed" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "Renamed", role: "tenant_admin" });
    const audit = await lastAudit(a.workspace.id, "workspace.update");
    expect(audit?.before).toMatchObject({ name: a.workspace.name });
    expect(audit?.after).toMatchObject({ name: "Renamed" });
  });

  it("turns on domain policies only once a domain is verified", async () => {
    const a = await tenant();
    const early = await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers: as(a.owner, a.slug), body: { restrictToVerifiedDomains: true } });
    expect(early.status).toBe(422);
    expect(early.json.error.message).toMatch(/verify at least one domain/i);
    await createTestDomain({ workspaceId: a.workspace.id, domain: "unverified.example", verified: false });
    expect((await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers: as(a.owner, a.slug), body: { autoJoinVerifiedDomains: true } })).status).toBe(422);
    await createTestDomain({ workspaceId: a.workspace.id, domain: "verified.example", verified: true });
    const ok = await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers: as(a.owner, a.slug), body: { restrictToVerifiedDomains: true, autoJoinVerifiedDomains: true } });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ restrictToVerifiedDomains: true, autoJoinVerifiedDomains: true });
  });

  it("401, 403 (member, token without workspace:admin), 404 (another tenant; row unchanged), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const patch = (headers: Record<string, string>, body: unknown = { name: "Hacked" }) => call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers, body });
    expect((await patch({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await patch(as(a.member, a.slug))).status).toBe(403);
    expect((await patch(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:read"] }))).status).toBe(403);
    expect((await patch(as(b.owner, a.slug))).status).toBe(404);
    expect((await patch(await asToken(b.owner, b.workspace.id, { slug: a.slug }))).status).toBe(404);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).name).toBe(a.workspace.name);
    for (const body of [{}, { name: "" }, { slug: "new-slug" }, { workspaceId: b.workspace.id, name: "x" }, { restrictToVerifiedDomains: "yes" }]) {
      expect((await patch(as(a.owner, a.slug), body)).status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe("POST /v1/workspaces/current/transfer", () => {
  it("hands ownership to a member; the old owner becomes tenant_admin; exactly one owner", async () => {
    const a = await tenant();
    const res = await call(transfer, "/v1/workspaces/current/transfer", { method: "POST", headers: as(a.owner, a.slug), body: { userId: a.member.id } });
    expect(res.status).toBe(200);
    expect(res.json.owner).toMatchObject({ userId: a.member.id, role: "owner" });
    expect(res.json.previousOwner).toMatchObject({ userId: a.owner.id, role: "tenant_admin" });
    expect(await db.workspaceMember.findMany({ where: { workspaceId: a.workspace.id, role: "owner" }, select: { userId: true } })).toEqual([{ userId: a.member.id }]);
    const audit = await lastAudit(a.workspace.id, "workspace.transfer");
    expect(audit?.before).toMatchObject({ owner: a.owner.id });
    expect(audit?.after).toMatchObject({ owner: a.member.id });
    // The previous owner no longer may transfer.
    const again = await call(transfer, "/v1/workspaces/current/transfer", { method: "POST", headers: as(a.owner, a.slug), body: { userId: a.admin.id } });
    expect(again.status).toBe(403);
  });

  it("concurrent transfers leave exactly one owner", async () => {
    const a = await tenant();
    const results = await Promise.all(
      [a.admin.id, a.member.id].map((userId) => call(transfer, "/v1/workspaces/current/transfer", { method: "POST", headers: as(a.owner, a.slug), body: { userId } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(await db.workspaceMember.count({ where: { workspaceId: a.workspace.id, role: "owner" } })).toBe(1);
  });

  it("401, 403 (tenant admin), 404 (not a member / another tenant), 422 (self, missing userId)", async () => {
    const a = await tenant();
    const b = await tenant();
    const post = (headers: Record<string, string>, body: unknown) => call(transfer, "/v1/workspaces/current/transfer", { method: "POST", headers, body });
    expect((await post({ "x-tenant-id": a.slug }, { userId: a.member.id })).status).toBe(401);
    expect((await post(as(a.admin, a.slug), { userId: a.admin.id })).status).toBe(403);
    expect((await post(as(a.owner, a.slug), { userId: b.member.id })).status).toBe(404);
    expect((await post(as(b.owner, a.slug), { userId: b.member.id })).status).toBe(404);
    expect((await post(as(a.owner, a.slug), { userId: a.owner.id })).status).toBe(422);
    expect((await post(as(a.owner, a.slug), {})).status).toBe(422);
    expect(await db.workspaceMember.findMany({ where: { workspaceId: a.workspace.id, role: "owner" }, select: { userId: true } })).toEqual([{ userId: a.owner.id }]);
  });
});
