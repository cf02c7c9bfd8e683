import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listProjects, POST as createProject } from "@/app/v1/projects/route";
import { DELETE as deleteProject, GET as getProject, PATCH as patchProject } from "@/app/v1/projects/[id]/route";
import { newId } from "@/lib/core/ids";
import { addProjectMember, createTestProject } from "@/test/factories/tenancy";
import { createTestWorkflow } from "@/test/factories/workflows";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant } from "@/test/support/world";

const slugs = (res: { json: { data: { slug: string }[] } }) => res.json.data.map((p) => p.slug).sort();

describe("GET /v1/projects", () => {
  it("owners and tenant admins see every project; members only the ones granted to them", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_viewer" });
    const all = ["default", a.other.slug].sort();
    expect(slugs(await call(listProjects, "/v1/projects", { headers: as(a.owner, a.slug) }))).toEqual(all);
    const admin = await call(listProjects, "/v1/projects", { headers: as(a.admin, a.slug) });
    expect(slugs(admin)).toEqual(all);
    expect(admin.json.data.every((p: { role: string }) => p.role === "project_admin")).toBe(true);
    const member = await call(listProjects, "/v1/projects", { headers: as(a.member, a.slug) });
    expect(member.json.data).toEqual([expect.objectContaining({ slug: a.other.slug, role: "project_viewer" })]);
    const stranger = await joinAs(a);
    expect((await call(listProjects, "/v1/projects", { headers: as(stranger, a.slug) })).json.data).toEqual([]);
  });

  it("a token restricted to one project sees only that project; pagination works", async () => {
    const a = await tenant();
    const restricted = await call(listProjects, "/v1/projects", { headers: await asToken(a.owner, a.workspace.id, { projectId: a.other.id }) });
    expect(slugs(restricted)).toEqual([a.other.slug]);
    const p1 = await call(listProjects, "/v1/projects", { headers: as(a.owner, a.slug), query: { limit: "1" } });
    expect(p1.json.data).toHaveLength(1);
    const p2 = await call(listProjects, "/v1/projects", { headers: as(a.owner, a.slug), query: { limit: "1", cursor: p1.json.nextCursor } });
    expect(p2.json.nextCursor).toBeNull();
    expect([...slugs(p1), ...slugs(p2)].sort()).toEqual(["default", a.other.slug].sort());
  });

  it("401, 403 (token scope), 404 (another tenant), 422 (no X-Tenant-Id)", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await call(listProjects, "/v1/projects", { headers: { "x-tenant-id": a.slug } })).status).toBe(401);
    expect((await call(listProjects, "/v1/projects", { headers: await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"] }) })).status).toBe(403);
    expect((await call(listProjects, "/v1/projects", { headers: as(b.owner, a.slug) })).status).toBe(404);
    expect((await call(listProjects, "/v1/projects", { headers: as(a.owner) })).status).toBe(422);
  });
});

describe("POST /v1/projects", () => {
  it("creates a project; audited", async () => {
    const a = await tenant();
    const res = await call(createProject, "/v1/projects", { method: "POST", headers: as(a.admin, a.slug), body: { slug: "Billing", name: "Billing" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ slug: "billing", isDefault: false, role: "project_admin" });
    expect(await lastAudit(a.workspace.id, "project.create")).toMatchObject({ targetId: res.json.id, actorId: a.admin.id });
  });

  it("401, 403 (member, token without projects:admin), 404 (another tenant), 409, 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const post = (headers: Record<string, string>, body: unknown = { slug: "new-one", name: "New" }) => call(createProject, "/v1/projects", { method: "POST", headers, body });
    expect((await post({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await post(as(a.member, a.slug))).status).toBe(403);
    expect((await post(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:admin"] }))).status).toBe(403);
    expect((await post(as(b.owner, a.slug))).status).toBe(404);
    expect(await db.project.count({ where: { workspaceId: { in: [a.workspace.id, b.workspace.id] }, slug: "new-one" } })).toBe(0);
    expect((await post(as(a.owner, a.slug), { slug: "default", name: "Dup" })).status).toBe(409);
    for (const body of [{ slug: "x", name: "ok" }, { slug: "prj_abc", name: "ok" }, { slug: "ok-slug", name: " " }, { slug: "ok-slug", name: "ok", workspaceId: b.workspace.id }, { slug: "ok-slug", name: "ok", isDefault: true }]) {
      expect((await post(as(a.owner, a.slug), body)).status, JSON.stringify(body)).toBe(422);
    }
    // Another workspace may use the same slug: slugs are per workspace.
    expect((await post(as(b.owner, b.slug), { slug: a.other.slug, name: "Same slug" })).status).toBe(201);
  });
});

describe("GET /v1/projects/{id}", () => {
  it("finds a project by id or slug with the caller's role", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_contributor" });
    for (const ref of [a.other.id, a.other.slug]) {
      const res = await call(getProject, `/v1/projects/${ref}`, { headers: as(a.member, a.slug), params: { id: ref } });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: a.other.id, role: "project_contributor" });
    }
  });

  it("401; 404 for a project the member was not granted, for another tenant's project, for a token bound to another project; 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const get = (headers: Record<string, string>, id: string) => call(getProject, `/v1/projects/${id}`, { headers, params: { id } });
    expect((await get({ "x-tenant-id": a.slug }, a.other.id)).status).toBe(401);
    expect((await get(as(a.member, a.slug), a.other.id)).status).toBe(404);
    expect((await get(as(b.owner, b.slug), a.other.id)).status).toBe(404);
    expect((await get(await asToken(b.owner, b.workspace.id), a.other.id)).status).toBe(404);
    expect((await get(await asToken(a.owner, a.workspace.id, { projectId: a.project.id }), a.other.id)).status).toBe(404);
    expect((await get(as(a.owner), a.other.id)).status).toBe(422);
  });
});

describe("PATCH /v1/projects/{id}", () => {
  it("renames a project; audited with before/after", async () => {
    const a = await tenant();
    const res = await call(patchProject, `/v1/projects/${a.other.slug}`, { method: "PATCH", headers: as(a.owner, a.slug), params: { id: a.other.slug }, body: { name: "Renamed" } });
    expect(res.status).toBe(200);
    expect(res.json.name).toBe("Renamed");
    const audit = await lastAudit(a.workspace.id, "project.update");
    expect(audit).toMatchObject({ projectId: a.other.id, before: { name: a.other.name }, after: { name: "Renamed" } });
  });

  it("a member with project_admin may rename; 401, 403 (viewer, token scope), 404 (another tenant; row unchanged), 422", async () => {
    const a = await tenant();
    const b = await tenant();
    const padmin = await joinAs(a, "member", { projectId: a.other.id, role: "project_admin" });
    const viewer = await joinAs(a, "member", { projectId: a.other.id, role: "project_viewer" });
    const patch = (headers: Record<string, string>, body: unknown = { name: "Changed" }, id = a.other.id) => call(patchProject, `/v1/projects/${id}`, { method: "PATCH", headers, params: { id }, body });
    expect((await patch(as(padmin, a.slug))).status).toBe(200);
    expect((await patch({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await patch(as(viewer, a.slug))).status).toBe(403);
    expect((await patch(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:write"] }))).status).toBe(403);
    expect((await patch(as(b.owner, b.slug), { name: "Hacked" })).status).toBe(404);
    expect((await patch(await asToken(b.owner, b.workspace.id), { name: "Hacked" })).status).toBe(404);
    expect((await db.project.findUniqueOrThrow({ where: { id: a.other.id } })).name).toBe("Changed");
    for (const body of [{}, { name: "" }, { slug: "renamed" }, { name: "ok", workspaceId: b.workspace.id }]) {
      expect((await patch(as(a.owner, a.slug), body)).status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe("DELETE /v1/projects/{id}", () => {
  it("deletes a project and its grants; audited", async () => {
    const a = await tenant();
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: a.member.id, role: "project_viewer" });
    const res = await call(deleteProject, `/v1/projects/${a.other.id}`, { method: "DELETE", headers: as(a.admin, a.slug), params: { id: a.other.id } });
    expect(res.status).toBe(204);
    expect(await db.project.findUnique({ where: { id: a.other.id } })).toBeNull();
    expect(await db.projectMember.count({ where: { projectId: a.other.id } })).toBe(0);
    expect(await lastAudit(a.workspace.id, "project.delete")).toMatchObject({ targetId: a.other.id, before: { slug: a.other.slug } });
  });

  it("409 while a run of the project is live; its workflows, runs and webhook endpoints go with it", async () => {
    const a = await tenant();
    const { workflow } = await createTestWorkflow({ workspaceId: a.workspace.id, projectId: a.other.id });
    const run = await db.run.create({
      data: { id: newId("run"), workspaceId: a.workspace.id, projectId: a.other.id, workflowId: workflow.id, graph: {}, trigger: "api", input: {}, budget: 1000n, status: "running" },
    });
    await db.webhookEndpoint.create({
      data: { id: newId("webhook"), workspaceId: a.workspace.id, projectId: a.other.id, url: "https://example.com/hook", events: ["run.started"], secret: Buffer.from("sealed") },
    });
    const del = () => call(deleteProject, `/v1/projects/${a.other.id}`, { method: "DELETE", headers: as(a.admin, a.slug), params: { id: a.other.id } });
    const refused = await del();
    expect(refused.status).toBe(409);
    expect(await db.project.count({ where: { id: a.other.id } })).toBe(1);
    await db.run.update({ where: { id: run.id }, data: { status: "failed" } });
    expect((await del()).status).toBe(204);
    expect(await db.workflow.count({ where: { id: workflow.id } })).toBe(0);
    expect(await db.run.count({ where: { id: run.id } })).toBe(0);
    expect(await db.webhookEndpoint.count({ where: { projectId: a.other.id } })).toBe(0);
  });

  it("401, 403 (contributor), 404 (another tenant; row kept), 422 (the default project)", async () => {
    const a = await tenant();
    const b = await tenant();
    const contributor = await joinAs(a, "member", { projectId: a.other.id, role: "project_contributor" });
    const del = (headers: Record<string, string>, id = a.other.id) => call(deleteProject, `/v1/projects/${id}`, { method: "DELETE", headers, params: { id } });
    expect((await del({ "x-tenant-id": a.slug })).status).toBe(401);
    expect((await del(as(contributor, a.slug))).status).toBe(403);
    expect((await del(as(b.owner, b.slug))).status).toBe(404);
    expect((await del(await asToken(b.owner, b.workspace.id))).status).toBe(404);
    expect(await db.project.findUnique({ where: { id: a.other.id } })).not.toBeNull();
    const dflt = await del(as(a.owner, a.slug), a.project.id);
    expect(dflt.status).toBe(422);
    expect(dflt.json.error.message).toMatch(/default project/);
    expect(await db.project.findUnique({ where: { id: a.project.id } })).not.toBeNull();
    const extra = await createTestProject({ workspaceId: a.workspace.id });
    expect((await del(as(a.owner, a.slug), extra.slug)).status).toBe(204);
  });
});
