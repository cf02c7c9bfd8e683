// POST /v1/connections/{google,linkedin}/authorize: who may start a flow, and input checks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { addProjectMember } from "@/test/factories/tenancy";
import { as, asToken, inProject } from "@/test/support/http";
import { joinAs, tenant } from "@/test/support/world";
import { authorize, connect, connectionRow, projectHeaders, startProviders } from "./helpers";

let providers: Awaited<ReturnType<typeof startProviders>>;
beforeAll(async () => {
  providers = await startProviders();
});
afterAll(() => providers.stop());

const body = { name: "Mailbox", scopes: ["gmail.readonly"] };

describe("POST /v1/connections/google/authorize", () => {
  it("a project admin (explicit grant) and a token with projects:admin may start", async () => {
    const t = await tenant();
    await addProjectMember({ workspaceId: t.workspace.id, projectId: t.other.id, userId: t.member.id, role: "project_admin" });
    expect((await authorize("google", projectHeaders(t.member, t, t.other), body)).status).toBe(201);
    const token = await asToken(t.admin, t.workspace.id, { scopes: ["projects:admin"], slug: t.slug });
    const res = await authorize("google", { ...token, "x-project-id": "default" }, body);
    expect(res.status).toBe(201);
    expect(res.json.authorizationUrl).toContain("code_challenge=");
  });

  it("401 without credentials", async () => {
    const t = await tenant();
    expect((await authorize("google", { "x-tenant-id": t.slug, "x-project-id": "default" }, body)).status).toBe(401);
    expect((await authorize("google", { authorization: "Bearer ar_pat_nope", "x-tenant-id": t.slug, "x-project-id": "default" }, body)).status).toBe(401);
  });

  it("403 for project viewers, contributors and tokens without projects:admin", async () => {
    const t = await tenant();
    const viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
    const contributor = await joinAs(t, "member", { projectId: t.project.id, role: "project_contributor" });
    expect((await authorize("google", projectHeaders(viewer, t), body)).status).toBe(403);
    expect((await authorize("google", projectHeaders(contributor, t), body)).status).toBe(403);
    const token = await asToken(t.admin, t.workspace.id, { scopes: ["workflow:read", "workflow:run"], slug: t.slug });
    const res = await authorize("google", { ...token, "x-project-id": "default" }, body);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
    expect(await db.oAuthState.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
  });

  it("404 for another tenant's workspace, a project the member cannot see, and a missing project", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await authorize("google", inProject(b.owner, a.slug, "default"), body)).status).toBe(404);
    expect((await authorize("google", projectHeaders(a.member, a, a.other), body)).status).toBe(404);
    expect((await authorize("google", inProject(a.owner, a.slug, "nope"), body)).status).toBe(404);
  });

  it("reconnect: another tenant's or project's connection id is a 404 and the row is unchanged", async () => {
    const a = await tenant();
    const b = await tenant();
    const id = await connect("google", b.owner, b, { name: "Theirs" });
    await db.connection.update({ where: { id }, data: { status: "needs_reconnect", statusReason: "revoked" } });
    const before = await connectionRow(id);
    const res = await authorize("google", projectHeaders(a.owner, a), { connectionId: id });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect((await authorize("google", projectHeaders(b.owner, b, b.other), { connectionId: id })).status).toBe(404);
    // A Google connection cannot be reconnected through LinkedIn.
    expect((await authorize("linkedin", projectHeaders(b.owner, b), { connectionId: id })).status).toBe(404);
    expect(await connectionRow(id)).toEqual(before);
    expect(await db.oAuthState.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
  });

  it("422 for missing name or scopes, unknown scopes, foreign fields and unsafe return paths", async () => {
    const t = await tenant();
    const h = projectHeaders(t.admin, t);
    const bad = async (b: unknown, path: string) => {
      const res = await authorize("google", h, b);
      expect(res.status).toBe(422);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad({ scopes: ["gmail.readonly"] }, "name");
    await bad({ name: "x" }, "scopes");
    await bad({ name: "x", scopes: [] }, "scopes");
    await bad({ name: "x", scopes: ["gmail.everything"] }, "scopes");
    await bad({ name: "x", scopes: ["w_member_social"] }, "scopes");
    await bad({ ...body, environment: "staging" }, "environment");
    await bad({ ...body, returnTo: "https://evil.example/steal" }, "returnTo");
    await bad({ ...body, returnTo: "//evil.example/steal" }, "returnTo");
    await bad({ ...body, returnTo: "/\\evil.example" }, "returnTo");
    await bad({ ...body, workspaceId: "ws_other" }, "(root)");
    expect((await authorize("google", h, "not json")).status).toBe(422);
    expect((await authorize("google", as(t.admin, t.slug), body)).status).toBe(422); // no X-Project-Id
  });

  it("409 when the project already has a connection with that name", async () => {
    const t = await tenant();
    await connect("google", t.admin, t, { name: "Mailbox" });
    const res = await authorize("google", projectHeaders(t.admin, t), body);
    expect(res.status).toBe(409);
  });

  it("404 when the provider is not configured on this server", async () => {
    const t = await tenant();
    const saved = process.env.LINKEDIN_CLIENT_ID;
    delete process.env.LINKEDIN_CLIENT_ID;
    try {
      const res = await authorize("linkedin", projectHeaders(t.admin, t), { name: "x", scopes: ["w_member_social"] });
      expect(res.status).toBe(404);
      expect(res.json.error.message).toMatch(/not configured/);
    } finally {
      process.env.LINKEDIN_CLIENT_ID = saved;
    }
  });
});
