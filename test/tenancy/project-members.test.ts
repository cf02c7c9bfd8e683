import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listProjects } from "@/app/v1/projects/route";
import { GET as listProjectMembers } from "@/app/v1/projects/[id]/members/route";
import { DELETE as revoke, PUT as grant } from "@/app/v1/projects/[id]/members/[userId]/route";
import { addProjectMember } from "@/test/factories/tenancy";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant } from "@/test/support/world";

const put = (headers: Record<string, string>, id: string, userId: string, body: unknown) =>
  call(grant, `/v1/projects/${id}/members/${userId}`, { method: "PUT", headers, params: { id, userId }, body });
const del = (headers: Record<string, string>, id: string, userId: string) =>
  call(revoke, `/v1/projects/${id}/members/${userId}`, { method: "DELETE", headers, params: { id, userId } });

describe("GET /v1/projects/{id}/members", () => {
  it("lists explicit project roles to anyone who can see the project", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_viewer" });
    const res = await call(listProjectMembers, `/v1/projects/${a.other.id}/members`, { headers: as(a.member, a.slug), params: { id: a.other.id } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ data: [expect.objectContaining({ userId: a.member.id, email: a.member.email, role: "project_viewer" })], nextCursor: null });
  });

  it("401, 404 (not granted; another tenant), 422 (bad limit)", async () => {
    const a = await tenant();
    const b = await tenant();
    const get = (headers: Record<string, string>, query: Record<string, string> = {}) =>
      call(listProjectMembers, `/v1/projects/${a.other.id}/members`, { headers, params: { id: a.other.id }, query });
    expect((await get({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await get(as(a.member, a.slug))).status).toBe(404);
    expect((await get(as(b.owner, b.slug))).status).toBe(404);
    expect((await get(as(a.owner, a.slug), { limit: "500" })).status).toBe(422);
  });
});

describe("PUT /v1/projects/{id}/members/{userId}", () => {
  it("grants a member a project role, then changes it; the grant makes the project visible; audited", async () => {
    const a = await tenant();
    const first = await put(as(a.admin, a.slug), a.other.slug, a.member.id, { role: "project_viewer" });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ userId: a.member.id, role: "project_viewer" });
    expect(await lastAudit(a.workspace.id, "project_member.grant")).toMatchObject({ projectId: a.other.id, targetId: a.member.id, after: { role: "project_viewer" } });
    const visible = await call(listProjects, "/v1/projects", { headers: as(a.member, a.slug) });
    expect(visible.json.data.map((p: { id: string }) => p.id)).toEqual([a.other.id]);
    const second = await put(as(a.owner, a.slug), a.other.id, a.member.id, { role: "project_admin" });
    expect(second.json.role).toBe("project_admin");
    expect(await lastAudit(a.workspace.id, "project_member.update")).toMatchObject({ before: { role: "project_viewer" }, after: { role: "project_admin" } });
  });

  it("a member who is project_admin manages the project's members", async () => {
    const a = await tenant();
    const padmin = await joinAs(a, "member", { projectId: a.other.id, role: "project_admin" });
    expect((await put(as(padmin, a.slug), a.other.id, a.member.id, { role: "project_contributor" })).status).toBe(200);
    // …but not in a project they have no role in.
    expect((await put(as(padmin, a.slug), a.project.id, a.member.id, { role: "project_contributor" })).status).toBe(404);
  });

  it("401, 403 (contributor; token scope), 404 (non-member user; another tenant; row unchanged), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const contributor = await joinAs(a, "member", { projectId: a.other.id, role: "project_contributor" });
    expect((await put({ "x-tenant-id": a.slug }, a.other.id, a.member.id, { role: "project_viewer" })).status).toBe(401);
    expect((await put(as(contributor, a.slug), a.other.id, a.member.id, { role: "project_viewer" })).status).toBe(403);
    expect((await put(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:admin"] }), a.other.id, a.member.id, { role: "project_viewer" })).status).toBe(403);
    expect((await put(as(a.owner, a.slug), a.other.id, b.member.id, { role: "project_viewer" })).status).toBe(404);
    expect((await put(as(b.owner, b.slug), a.other.id, contributor.id, { role: "project_admin" })).status).toBe(404);
    expect((await put(await asToken(b.owner, b.workspace.id), a.other.id, contributor.id, { role: "project_admin" })).status).toBe(404);
    expect(await db.projectMember.findUnique({ where: { projectId_userId: { projectId: a.other.id, userId: contributor.id } } })).toMatchObject({ role: "project_contributor" });
    expect((await put(as(a.owner, a.slug), a.other.id, a.member.id, { role: "owner" })).status).toBe(422);
    expect((await put(as(a.owner, a.slug), a.other.id, a.member.id, {})).status).toBe(422);
    const implicit = await put(as(a.owner, a.slug), a.other.id, a.admin.id, { role: "project_viewer" });
    expect(implicit.status).toBe(422);
    expect(implicit.json.error.message).toMatch(/already project admins/);
  });
});

describe("DELETE /v1/projects/{id}/members/{userId}", () => {
  it("revokes a project role; the project disappears for that member; audited", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_contributor" });
    const res = await del(as(a.owner, a.slug), a.other.id, a.member.id);
    expect(res.status).toBe(204);
    expect((await call(listProjects, "/v1/projects", { headers: as(a.member, a.slug) })).json.data).toEqual([]);
    expect(await lastAudit(a.workspace.id, "project_member.revoke")).toMatchObject({ targetId: a.member.id, before: { role: "project_contributor" } });
    expect((await del(as(a.owner, a.slug), a.other.id, a.member.id)).status).toBe(404);
  });

  it("401, 403 (viewer), 404 (another tenant; row unchanged), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    const viewer = await joinAs(a, "member", { projectId: a.other.id, role: "project_viewer" });
    expect((await del({ "x-tenant-id": a.slug }, a.other.id, viewer.id)).status).toBe(401);
    expect((await del(as(viewer, a.slug), a.other.id, viewer.id)).status).toBe(403);
    expect((await del(as(b.owner, b.slug), a.other.id, viewer.id)).status).toBe(404);
    expect((await del(await asToken(b.owner, b.workspace.id), a.other.id, viewer.id)).status).toBe(404);
    expect((await del(as(a.owner), a.other.id, viewer.id)).status).toBe(422);
    expect(await db.projectMember.count({ where: { projectId: a.other.id, userId: viewer.id } })).toBe(1);
  });
});
