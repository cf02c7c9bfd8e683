import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as listRoute } from "@/app/v1/connections/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/connections/[id]/route";
import { POST as testRoute } from "@/app/v1/connections/[id]/test/route";
import { POST as rotateRoute } from "@/app/v1/connections/[id]/rotate/route";
import { addProjectMember } from "@/test/factories/tenancy";
import { asToken, call, inProject } from "@/test/support/http";
import { joinAs, lastAudit, teamWorld } from "@/test/support/world";
import { startFakeVendor, type FakeVendor } from "./fake-vendor";
import { allowLoopback, createVia, rawRow, uniqueName } from "./helpers";

let vendor: FakeVendor;
let restoreEnv: () => void;
beforeAll(async () => {
  vendor = await startFakeVendor(["ghp_good_key_0000000000001"]);
  restoreEnv = allowLoopback();
});
afterAll(async () => {
  restoreEnv();
  await vendor.close();
});

const github = (name = uniqueName("gh"), secret = "ghp_good_key_0000000000001") => ({
  name,
  type: "api_key",
  provider: "github",
  secret,
  environment: "sandbox",
  fields: { baseUrl: vendor.url },
});

const world = () => teamWorld();

describe("POST /v1/connections", () => {
  it("creates a pending connection without returning the secret; audited without it", async () => {
    const { a, admin } = await world();
    const res = await createVia(admin, github());
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ type: "api_key", provider: "github", environment: "sandbox", status: "pending", secretHint: "…0001", secretVersion: 1 });
    expect(res.text).not.toContain("ghp_good_key");
    const row = await rawRow(res.json.id);
    expect(row?.projectId).toBe(a.project.id);
    expect(Buffer.from(row!.secret!).toString("latin1")).not.toContain("ghp_good_key");
    const audit = await lastAudit(a.workspace.id, "connection.create");
    expect(audit).toMatchObject({ targetId: res.json.id, actorId: a.admin.id, projectId: a.project.id });
    expect(JSON.stringify(audit)).not.toContain("ghp_good_key");
  });

  it("409 on a duplicate name in the project; the same name is fine in another project", async () => {
    const { a, admin } = await world();
    const body = github();
    expect((await createVia(admin, body)).status).toBe(201);
    expect((await createVia(admin, body)).status).toBe(409);
    expect((await createVia(inProject(a.admin, a.slug, a.other.slug), body)).status).toBe(201);
  });

  it("401 without credentials, 403 for a viewer, a contributor and a read-only token, 404 for another tenant", async () => {
    const { a, b, viewer, contributor } = await world();
    expect((await createVia({ "x-tenant-id": a.slug, "x-project-id": "default" }, github())).status).toBe(401);
    expect((await createVia(inProject(viewer, a.slug), github())).status).toBe(403);
    expect((await createVia(inProject(contributor, a.slug), github())).status).toBe(403);
    const readOnly = await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"], slug: a.slug });
    expect((await createVia({ ...readOnly, "x-project-id": "default" }, github())).status).toBe(403);
    expect((await createVia(inProject(b.owner, a.slug), github())).status).toBe(404);
    expect(await db.connection.count({ where: { workspaceId: a.workspace.id } })).toBe(0);
  });

  it("422: unknown type, unknown vendor, missing base URL, bad connection string, injected fields, oauth2", async () => {
    const { admin } = await world();
    const bad = [
      { ...github(), type: "carrier_pigeon" },
      { ...github(), provider: "myspace" },
      { name: "s", type: "api_key", provider: "shopify", secret: "shpat_x" },
      { name: "c", type: "api_key", provider: "custom", secret: "k", fields: { baseUrl: vendor.url } },
      { name: "pg", type: "database", provider: "postgres", secret: "mysql://u:p@h/db" },
      { name: "fs", type: "database", provider: "firestore", secret: '{"type":"user"}' },
      { name: "wa", type: "whatsapp", secret: "EAAB", fields: { phoneNumberId: "abc", businessAccountId: "1" } },
      { ...github(), workspaceId: "ws_other" },
      { ...github(), fields: { baseUrl: vendor.url, apiKey: "smuggled" } },
      { ...github(), fields: { baseUrl: "ftp://example.com" } },
      { ...github(), environment: "staging" },
    ];
    for (const body of bad) {
      const res = await createVia(admin, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const oauth = await createVia(admin, { name: "g", type: "oauth2", provider: "google" });
    expect(oauth.status).toBe(422);
    expect(oauth.json.error.message).toMatch(/OAuth flow/);
  });
});

describe("GET /v1/connections and /v1/connections/{id}", () => {
  it("a viewer lists and reads; filters and cursor pagination work; another project's connections are not listed", async () => {
    const { a, viewer, admin } = await world();
    const one = (await createVia(admin, github())).json;
    const two = (await createVia(admin, { ...github(), environment: "production" })).json;
    await createVia(inProject(a.admin, a.slug, a.other.slug), github());
    const headers = inProject(viewer, a.slug);
    const all = await call(listRoute, "/v1/connections", { headers });
    expect(all.status).toBe(200);
    expect(all.json.data.map((c: { id: string }) => c.id)).toEqual([two.id, one.id]);
    const sandbox = await call(listRoute, "/v1/connections", { headers, query: { environment: "sandbox" } });
    expect(sandbox.json.data.map((c: { id: string }) => c.id)).toEqual([one.id]);
    expect((await call(listRoute, "/v1/connections", { headers, query: { status: "active" } })).json.data).toEqual([]);
    expect((await call(listRoute, "/v1/connections", { headers, query: { type: "database" } })).json.data).toEqual([]);
    const p1 = await call(listRoute, "/v1/connections", { headers, query: { limit: "1" } });
    const p2 = await call(listRoute, "/v1/connections", { headers, query: { limit: "1", cursor: p1.json.nextCursor } });
    expect([p1.json.data[0].id, p2.json.data[0].id]).toEqual([two.id, one.id]);
    expect(p2.json.nextCursor).toBeNull();
    const got = await call(getRoute, `/v1/connections/${one.id}`, { headers, params: { id: one.id } });
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ id: one.id, secretHint: "…0001" });
    expect(got.json).not.toHaveProperty("secret");
  });

  it("401, 403 (no project role), 404 (other project, other tenant, unknown), 422 (bad filter)", async () => {
    const { a, b, admin } = await world();
    const c = (await createVia(admin, github())).json;
    const stranger = await joinAs(a);
    expect((await call(listRoute, "/v1/connections", { headers: { "x-tenant-id": a.slug, "x-project-id": "default" } })).status).toBe(401);
    expect((await call(listRoute, "/v1/connections", { headers: inProject(stranger, a.slug) })).status).toBe(404);
    const get = (headers: Record<string, string>, id = c.id) => call(getRoute, `/v1/connections/${id}`, { headers, params: { id } });
    expect((await get(inProject(a.owner, a.slug, a.other.slug))).status).toBe(404);
    expect((await get(inProject(b.owner, b.slug))).status).toBe(404);
    expect((await get(admin, "conn_does_not_exist")).status).toBe(404);
    expect((await call(listRoute, "/v1/connections", { headers: admin, query: { status: "weird" } })).status).toBe(422);
    const noScope = await asToken(a.owner, a.workspace.id, { scopes: ["audit:read"], slug: a.slug });
    expect((await call(listRoute, "/v1/connections", { headers: { ...noScope, "x-project-id": "default" } })).status).toBe(403);
  });
});

describe("PATCH /v1/connections/{id}", () => {
  it("renames, relabels and changes settings (back to pending); audited", async () => {
    const { a, admin } = await world();
    const c = (await createVia(admin, github())).json;
    await db.connection.update({ where: { id: c.id }, data: { status: "active" } });
    const res = await call(patchRoute, `/v1/connections/${c.id}`, { method: "PATCH", headers: admin, params: { id: c.id }, body: { name: "renamed", environment: "production" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: "renamed", environment: "production", status: "active" });
    const moved = await call(patchRoute, `/v1/connections/${c.id}`, { method: "PATCH", headers: admin, params: { id: c.id }, body: { fields: { baseUrl: "https://api.github.com" } } });
    expect(moved.json).toMatchObject({ status: "pending", fields: { baseUrl: "https://api.github.com" } });
    expect(await lastAudit(a.workspace.id, "connection.update")).toMatchObject({ targetId: c.id });
  });

  it("401, 403 (viewer), 404 (another tenant: row unchanged), 409, 422", async () => {
    const { a, b, viewer, admin } = await world();
    const c = (await createVia(admin, github())).json;
    const taken = (await createVia(admin, github())).json;
    const patch = (headers: Record<string, string>, body: unknown) => call(patchRoute, `/v1/connections/${c.id}`, { method: "PATCH", headers, params: { id: c.id }, body });
    expect((await patch({ "x-tenant-id": a.slug, "x-project-id": "default" }, { name: "x" })).status).toBe(401);
    expect((await patch(inProject(viewer, a.slug), { name: "x" })).status).toBe(403);
    expect((await patch(inProject(b.owner, b.slug), { name: "hijack" })).status).toBe(404);
    expect((await patch(inProject(a.owner, a.slug, a.other.slug), { name: "hijack" })).status).toBe(404);
    expect((await patch(admin, { name: taken.name })).status).toBe(409);
    expect((await patch(admin, {})).status).toBe(422);
    expect((await patch(admin, { secret: "sneaky" })).status).toBe(422);
    expect((await patch(admin, { fields: { baseUrl: "not a url" } })).status).toBe(422);
    expect((await rawRow(c.id))?.name).toBe(c.name);
  });
});

describe("DELETE /v1/connections/{id}", () => {
  it("deletes and audits; 401, 403, 404 (another tenant: row unchanged)", async () => {
    const { a, b, viewer, admin } = await world();
    const c = (await createVia(admin, github())).json;
    const del = (headers: Record<string, string>) => call(deleteRoute, `/v1/connections/${c.id}`, { method: "DELETE", headers, params: { id: c.id } });
    expect((await del({ "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
    expect((await del(inProject(viewer, a.slug))).status).toBe(403);
    expect((await del(inProject(b.owner, b.slug))).status).toBe(404);
    expect(await rawRow(c.id)).not.toBeNull();
    expect((await del(admin)).status).toBe(204);
    expect(await rawRow(c.id)).toBeNull();
    expect(await lastAudit(a.workspace.id, "connection.delete")).toMatchObject({ targetId: c.id });
    expect((await del(admin)).status).toBe(404);
    expect((await call(deleteRoute, "/v1/connections/x", { method: "DELETE", headers: admin, params: { id: "x".repeat(80) } })).status).toBe(422);
  });
});

describe("POST /v1/connections/{id}/test and /rotate: auth", () => {
  it("401, 403 (viewer), 404 (another tenant, other project), 422", async () => {
    const { a, b, viewer, admin } = await world();
    const c = (await createVia(admin, github())).json;
    for (const [route, body] of [
      [testRoute, undefined],
      [rotateRoute, { secret: "ghp_new" }],
    ] as const) {
      const post = (headers: Record<string, string>, b2: unknown = body) => call(route, `/v1/connections/${c.id}/x`, { method: "POST", headers, params: { id: c.id }, body: b2 });
      expect((await post({ "x-tenant-id": a.slug, "x-project-id": "default" })).status).toBe(401);
      expect((await post(inProject(viewer, a.slug))).status).toBe(403);
      expect((await post(inProject(b.owner, b.slug))).status).toBe(404);
      expect((await post(inProject(a.owner, a.slug, a.other.slug))).status).toBe(404);
    }
    expect((await call(rotateRoute, "/", { method: "POST", headers: admin, params: { id: c.id }, body: { secret: "" } })).status).toBe(422);
    expect((await call(rotateRoute, "/", { method: "POST", headers: admin, params: { id: c.id }, body: { secret: "k", name: "x" } })).status).toBe(422);
    expect(await rawRow(c.id)).toMatchObject({ secretVersion: 1, status: "pending" });
    expect(vendor.seen.length).toBe(0);
    await addProjectMember({ workspaceId: a.workspace.id, projectId: a.other.id, userId: viewer.id, role: "project_admin" });
    expect((await call(testRoute, "/", { method: "POST", headers: inProject(viewer, a.slug, a.other.slug), params: { id: c.id } })).status).toBe(404);
  });
});

