import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listMembers } from "@/app/v1/members/route";
import { DELETE as removeMember, PATCH as patchMember } from "@/app/v1/members/[userId]/route";
import { POST as leave } from "@/app/v1/members/leave/route";
import { GET as getCurrent, PATCH as patchCurrent } from "@/app/v1/workspaces/current/route";
import { addProjectMember } from "@/test/factories/tenancy";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant } from "@/test/support/world";

const patch = (headers: Record<string, string>, userId: string, body: unknown) =>
  call(patchMember, `/v1/members/${userId}`, { method: "PATCH", headers, params: { userId }, body });
const remove = (headers: Record<string, string>, userId: string) => call(removeMember, `/v1/members/${userId}`, { method: "DELETE", headers, params: { userId } });
const roleOf = async (workspaceId: string, userId: string) =>
  (await db.workspaceMember.findUnique({ where: { workspaceId_userId: { workspaceId, userId } } }))?.role ?? null;

describe("GET /v1/members", () => {
  it("lists members with email and role, paginated", async () => {
    const a = await tenant();
    const res = await call(listMembers, "/v1/members", { headers: as(a.member, a.slug) });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.json.data.map((m: { userId: string; role: string }) => [m.userId, m.role]));
    expect(byId).toEqual({ [a.owner.id]: "owner", [a.admin.id]: "tenant_admin", [a.member.id]: "member" });
    expect(res.json.data.find((m: { userId: string }) => m.userId === a.member.id).email).toBe(a.member.email);
    const p1 = await call(listMembers, "/v1/members", { headers: as(a.member, a.slug), query: { limit: "2" } });
    const p2 = await call(listMembers, "/v1/members", { headers: as(a.member, a.slug), query: { limit: "2", cursor: p1.json.nextCursor } });
    expect(p1.json.data).toHaveLength(2);
    expect(p2.json.data).toHaveLength(1);
    expect(p2.json.nextCursor).toBeNull();
  });

  it("401, 403 (token scope), 404 (another tenant), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await call(listMembers, "/v1/members", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(listMembers, "/v1/members", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) })).status).toBe(403);
    expect((await call(listMembers, "/v1/members", { headers: as(b.owner, a.slug) })).status).toBe(404);
    expect((await call(listMembers, "/v1/members", { headers: as(a.owner) })).status).toBe(422);
    expect((await call(listMembers, "/v1/members", { headers: as(a.owner, a.slug), query: { limit: "abc" } })).status).toBe(422);
  });
});

describe("PATCH /v1/members/{userId}", () => {
  it("a tenant admin promotes a member; the owner demotes a tenant admin; audited", async () => {
    const a = await tenant();
    const up = await patch(as(a.admin, a.slug), a.member.id, { role: "tenant_admin" });
    expect(up.status).toBe(200);
    expect(up.json).toMatchObject({ userId: a.member.id, role: "tenant_admin" });
    expect(await lastAudit(a.workspace.id, "member.update")).toMatchObject({ actorId: a.admin.id, before: { role: "member" }, after: { role: "tenant_admin" } });
    const down = await patch(as(a.owner, a.slug), a.admin.id, { role: "member" });
    expect(down.json.role).toBe("member");
  });

  it("invariants: the owner is never demoted here, 'owner' is not assignable, tenant admins do not demote each other", async () => {
    const a = await tenant();
    const admin2 = await joinAs(a, "tenant_admin");
    const ownerDemote = await patch(as(a.admin, a.slug), a.owner.id, { role: "member" });
    expect(ownerDemote.status).toBe(403);
    expect(ownerDemote.json.error.message).toMatch(/transfer/);
    expect((await patch(as(a.owner, a.slug), a.owner.id, { role: "tenant_admin" })).status).toBe(403);
    expect((await patch(as(a.owner, a.slug), a.member.id, { role: "owner" })).status).toBe(422);
    expect((await patch(as(a.admin, a.slug), admin2.id, { role: "member" })).status).toBe(403);
    expect(await roleOf(a.workspace.id, admin2.id)).toBe("tenant_admin");
    // Stepping down yourself is fine.
    expect((await patch(as(admin2, a.slug), admin2.id, { role: "member" })).status).toBe(200);
    expect(await roleOf(a.workspace.id, a.owner.id)).toBe("owner");
  });

  it("demoting a member narrows their token on the next call", async () => {
    const a = await tenant();
    const headers = await asToken(a.admin, a.workspace.id);
    expect((await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers, body: { name: "By admin" } })).status).toBe(200);
    await patch(as(a.owner, a.slug), a.admin.id, { role: "member" });
    expect((await call(patchCurrent, "/v1/workspaces/current", { method: "PATCH", headers, body: { name: "Again" } })).status).toBe(403);
  });

  it("401, 403 (member), 404 (another tenant's user; another tenant's caller; row unchanged), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await patch({ "x-tenant-id": a.slug }, a.member.id, { role: "tenant_admin" })).status).toBe(401);
    expect((await patch(as(a.member, a.slug), a.member.id, { role: "tenant_admin" })).status).toBe(403);
    expect((await patch(as(a.owner, a.slug), b.member.id, { role: "tenant_admin" })).status).toBe(404);
    expect((await patch(as(b.owner, b.slug), a.member.id, { role: "tenant_admin" })).status).toBe(404);
    expect((await patch(await asToken(b.owner, b.workspace.id), a.member.id, { role: "tenant_admin" })).status).toBe(404);
    expect(await roleOf(a.workspace.id, a.member.id)).toBe("member");
    expect(await roleOf(b.workspace.id, b.member.id)).toBe("member");
    for (const body of [{}, { role: "superuser" }, { role: "member", workspaceId: b.workspace.id }]) {
      expect((await patch(as(a.owner, a.slug), a.member.id, body)).status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe("DELETE /v1/members/{userId}", () => {
  it("removes a member: project roles go, their tokens are revoked, audited", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_admin" });
    const token = await asToken(a.member, a.workspace.id);
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: token })).status).toBe(200);
    const res = await remove(as(a.admin, a.slug), a.member.id);
    expect(res.status).toBe(204);
    expect(await roleOf(a.workspace.id, a.member.id)).toBeNull();
    expect(await db.projectMember.count({ where: { workspaceId: a.workspace.id, userId: a.member.id } })).toBe(0);
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: token })).status).toBe(401);
    expect((await call(getCurrent, "/v1/workspaces/current", { headers: as(a.member, a.slug) })).status).toBe(404);
    const audit = await lastAudit(a.workspace.id, "member.remove");
    expect(audit).toMatchObject({ targetId: a.member.id, before: { role: "member", projectRoles: [{ projectId: a.other.id, role: "project_admin" }] } });
  });

  it("invariants: the owner cannot be removed; tenant admins do not remove each other; the owner removes anyone else", async () => {
    const a = await tenant();
    const admin2 = await joinAs(a, "tenant_admin");
    expect((await remove(as(a.admin, a.slug), a.owner.id)).status).toBe(403);
    expect((await remove(as(a.owner, a.slug), a.owner.id)).status).toBe(403);
    expect((await remove(as(a.admin, a.slug), admin2.id)).status).toBe(403);
    expect(await roleOf(a.workspace.id, admin2.id)).toBe("tenant_admin");
    expect((await remove(as(a.owner, a.slug), admin2.id)).status).toBe(204);
    expect(await roleOf(a.workspace.id, a.owner.id)).toBe("owner");
  });

  it("401, 403 (member), 404 (another tenant; row unchanged), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await remove({ "x-tenant-id": a.slug }, a.member.id)).status).toBe(401);
    const other = await joinAs(a);
    expect((await remove(as(a.member, a.slug), other.id)).status).toBe(403);
    expect((await remove(as(a.owner, a.slug), b.member.id)).status).toBe(404);
    expect((await remove(as(b.owner, b.slug), a.member.id)).status).toBe(404);
    expect((await remove(await asToken(b.owner, b.workspace.id), a.member.id)).status).toBe(404);
    expect((await remove(as(a.owner), a.member.id)).status).toBe(422);
    expect(await roleOf(a.workspace.id, a.member.id)).toBe("member");
    expect(await roleOf(b.workspace.id, b.member.id)).toBe("member");
  });
});

describe("POST /v1/members/leave", () => {
  it("a member leaves; audited as member.leave", async () => {
    const a = await tenant();
    const res = await call(leave, "/v1/members/leave", { method: "POST", headers: as(a.member, a.slug) });
    expect(res.status).toBe(204);
    expect(await roleOf(a.workspace.id, a.member.id)).toBeNull();
    expect(await lastAudit(a.workspace.id, "member.leave")).toMatchObject({ actorId: a.member.id, targetId: a.member.id });
  });

  it("the owner cannot leave without transferring (403); 401; 404 (another tenant); 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    const owner = await call(leave, "/v1/members/leave", { method: "POST", headers: as(a.owner, a.slug) });
    expect(owner.status).toBe(403);
    expect(owner.json.error.message).toMatch(/transfer ownership/);
    expect(await roleOf(a.workspace.id, a.owner.id)).toBe("owner");
    expect((await call(leave, "/v1/members/leave", { method: "POST", headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(leave, "/v1/members/leave", { method: "POST", headers: as(b.member, a.slug) })).status).toBe(404);
    expect((await call(leave, "/v1/members/leave", { method: "POST", headers: as(a.member) })).status).toBe(422);
    expect(await roleOf(b.workspace.id, b.member.id)).toBe("member");
  });
});
