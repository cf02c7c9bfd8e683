import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as createConnectionRoute } from "@/app/v1/connections/route";
import { GET as listRoute } from "@/app/v1/mcp-instances/route";
import { DELETE as deleteRoute, GET as getRoute, PATCH as patchRoute } from "@/app/v1/mcp-instances/[id]/route";
import { GET as toolsRoute } from "@/app/v1/mcp-instances/[id]/tools/route";
import { asToken, call, expectErrorShape, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { allowLoopback } from "@/test/connections/helpers";
import { callTool, createInstance, createKeyConnection, setPolicy, syncInstance, uniqueName } from "./helpers";
import { startMcpUpstream, type McpUpstream } from "./mcp-upstream";

let up: McpUpstream;
let restoreEnv: () => void;
beforeAll(async () => {
  up = await startMcpUpstream();
  restoreEnv = allowLoopback();
});
afterAll(async () => {
  restoreEnv();
  await up.close();
});

/** A synced instance of a's default project, with its admin headers. */
async function world() {
  const w = await teamWorld();
  const inst = await createInstance(w.admin, { url: up.url });
  expect(inst.status).toBe(201);
  await syncInstance(w.admin, inst.json.id);
  return { ...w, id: inst.json.id as string, name: inst.json.name as string };
}

const get = (headers: Record<string, string>, id: string) => call(getRoute, `/v1/mcp-instances/${id}`, { headers, params: { id } });
const patch = (headers: Record<string, string>, id: string, body: unknown) => call(patchRoute, `/v1/mcp-instances/${id}`, { method: "PATCH", headers, params: { id }, body });
const remove = (headers: Record<string, string>, id: string) => call(deleteRoute, `/v1/mcp-instances/${id}`, { method: "DELETE", headers, params: { id } });
const tools = (headers: Record<string, string>, id: string) => call(toolsRoute, `/v1/mcp-instances/${id}/tools`, { headers, params: { id } });

describe("/v1/mcp-instances CRUD", () => {
  it("create, list, get, patch and delete; audited; the name is unique per project", async () => {
    const { a, admin, id, name } = await world();
    expect(await lastAudit(a.workspace.id, "mcp_instance.create")).toMatchObject({ targetId: id, actorId: a.admin.id, projectId: a.project.id });
    const listed = await call(listRoute, "/v1/mcp-instances", { headers: admin });
    expect(listed.json).toMatchObject({ data: [{ id, name, adapter: "remote_mcp", url: up.url, credentialPlacement: "bearer", readOnly: false }], nextCursor: null });
    expect((await get(admin, id)).json).toMatchObject({ id, protocolEra: "modern", lastSyncStatus: "ok" });
    const dup = await createInstance(admin, { name, url: up.url });
    expect(dup.status).toBe(409);
    expect((await createInstance(inProject(a.admin, a.slug, a.other.slug), { name, url: up.url })).status).toBe(201);
    const changed = await patch(admin, id, { readOnly: true, denyTools: ["delete_everything"] });
    expect(changed.json).toMatchObject({ readOnly: true, denyTools: ["delete_everything"] });
    expect(await lastAudit(a.workspace.id, "mcp_instance.update")).toMatchObject({ before: expect.objectContaining({ readOnly: false }), after: expect.objectContaining({ readOnly: true }) });
    const byName = Object.fromEntries((await tools(admin, id)).json.data.map((t: { name: string; callable: boolean }) => [t.name, t.callable]));
    expect(byName).toEqual({ create_note: false, delete_everything: false, echo: true });
    expect((await remove(admin, id)).status).toBe(204);
    expect((await get(admin, id)).status).toBe(404);
    expect(await db.mcpTool.count({ where: { instanceId: id } })).toBe(0);
    expect(await lastAudit(a.workspace.id, "mcp_instance.delete")).toMatchObject({ targetId: id });
  });

  it("binds only a connection of the same project, of a kind that can authenticate", async () => {
    const { a, b, admin } = await world();
    const own = await createKeyConnection(admin, "key-0000000000000001", new URL(up.url).origin);
    expect((await createInstance(admin, { url: up.url, connectionId: own })).status).toBe(201);
    const foreign = await createKeyConnection(inProject(b.owner, b.slug), "key-0000000000000002", new URL(up.url).origin);
    const otherProject = await createKeyConnection(inProject(a.admin, a.slug, a.other.slug), "key-0000000000000003", new URL(up.url).origin);
    for (const connectionId of [foreign, otherProject, "conn_nope"]) {
      const res = await createInstance(admin, { url: up.url, connectionId });
      expect(res.status).toBe(422);
      expect(res.json.error.details).toEqual([{ path: "connectionId", message: "No such connection in this project" }]);
    }
    const pg = await call(createConnectionRoute, "/v1/connections", { method: "POST", headers: admin, body: { name: uniqueName("pg"), type: "database", provider: "postgres", secret: "postgres://u:p@db.example/app" } });
    const res = await createInstance(admin, { url: up.url, connectionId: pg.json.id });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0].path).toBe("connectionId");
  });

  it("422: bad names, URLs, placements and injected fields; nothing is created", async () => {
    const { a, admin, id } = await world();
    const before = await db.mcpInstance.count({ where: { workspaceId: a.workspace.id } });
    const bad = [
      { name: "Has Spaces", url: up.url },
      { name: "a__b", url: up.url },
      { name: "x".repeat(65), url: up.url },
      { name: uniqueName(), url: "ftp://example.com/mcp" },
      { name: uniqueName(), url: "https://user:pw@example.com/mcp" },
      { name: uniqueName(), url: up.url, credentialPlacement: "header" },
      { name: uniqueName(), url: up.url, credentialPlacement: "cookie", credentialName: "x" },
      { name: uniqueName(), url: up.url, adapter: "postgres" },
      { name: uniqueName(), url: up.url, workspaceId: "ws_other" },
      { name: uniqueName(), url: up.url, allowTools: ["bad name"] },
    ];
    for (const body of bad) {
      const res = await createInstance(admin, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 422]);
    }
    expect(await db.mcpInstance.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
    expect((await setPolicy(admin, id, "echo", "maybe")).status).toBe(422);
    expect((await setPolicy(admin, id, "echo", "allow")).status).toBe(200);
    expect((await patch(admin, id, {})).status).toBe(422);
    expect((await patch(admin, id, { credentialPlacement: "query" })).status).toBe(422);
  });
});

describe("authorization", () => {
  it("401 without credentials on every route", async () => {
    const { a, id } = await world();
    const anon = { "x-tenant-id": a.slug, "x-project-id": "default" };
    const statuses = [
      (await call(listRoute, "/v1/mcp-instances", { headers: anon })).status,
      (await createInstance(anon, { url: up.url })).status,
      (await get(anon, id)).status,
      (await patch(anon, id, { readOnly: true })).status,
      (await remove(anon, id)).status,
      (await syncInstance(anon, id)).status,
      (await tools(anon, id)).status,
      (await setPolicy(anon, id, "echo", "deny")).status,
      (await callTool(anon, id, "echo", { text: "x" })).status,
    ];
    expect(statuses).toEqual(Array(9).fill(401));
  });

  it("viewers read; only project admins manage and test-call; a token needs mcp:execute to call", async () => {
    const { a, viewer, contributor, admin, id } = await world();
    const v = inProject(viewer, a.slug);
    const c = inProject(contributor, a.slug);
    expect((await get(v, id)).status).toBe(200);
    expect((await tools(v, id)).status).toBe(200);
    for (const h of [v, c]) {
      expect((await createInstance(h, { url: up.url })).status).toBe(403);
      expect((await patch(h, id, { readOnly: true })).status).toBe(403);
      expect((await syncInstance(h, id)).status).toBe(403);
      expect((await setPolicy(h, id, "echo", "deny")).status).toBe(403);
      const refused = await callTool(h, id, "echo", { text: "x" });
      expect(refused.status).toBe(403);
      expect((await remove(h, id)).status).toBe(403);
    }
    const project = { "x-project-id": "default" };
    const noExecute = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read", "projects:admin"], slug: a.slug })), ...project };
    const res = await callTool(noExecute, id, "echo", { text: "x" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
    expect((await syncInstance(noExecute, id)).status).toBe(200);
    const executeOnly = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["mcp:execute"], slug: a.slug })), ...project };
    expect((await callTool(executeOnly, id, "echo", { text: "x" })).json).toMatchObject({ isError: false, content: [{ text: "echo: x" }] });
    expect((await syncInstance(executeOnly, id)).status).toBe(403);
    expect((await get(admin, id)).json.readOnly).toBe(false);
  });

  it("another tenant's and another project's instance is 404 on every {id} route, and stays unchanged", async () => {
    const { a, b, id } = await world();
    const before = await db.mcpInstance.findUniqueOrThrow({ where: { id } });
    const toolsBefore = await db.mcpTool.findMany({ where: { instanceId: id }, orderBy: { name: "asc" } });
    const callsBefore = up.calls.length;
    for (const h of [inProject(b.owner, b.slug), inProject(a.admin, a.slug, a.other.slug)]) {
      const results = [
        await get(h, id),
        await patch(h, id, { readOnly: true }),
        await syncInstance(h, id),
        await tools(h, id),
        await setPolicy(h, id, "echo", "deny"),
        await callTool(h, id, "echo", { text: "x" }),
        await remove(h, id),
      ];
      expect(results.map((r) => r.status)).toEqual(Array(7).fill(404));
      for (const r of results) expect(r.json.error.code).toBe("not_found");
    }
    // b's owner naming a's tenant is not a member there: 404 too.
    expect((await get(inProject(b.owner, a.slug), id)).status).toBe(404);
    expect(await db.mcpInstance.findUniqueOrThrow({ where: { id } })).toEqual(before);
    expect(await db.mcpTool.findMany({ where: { instanceId: id }, orderBy: { name: "asc" } })).toEqual(toolsBefore);
    expect(up.calls.length).toBe(callsBefore);
  });

  it("error bodies have the one shape", async () => {
    const { admin, id } = await world();
    const res = await callTool(admin, id, "unknown_tool");
    expect(res.status).toBe(404);
    expectErrorShape(res.json, new Response(null, { headers: res.headers }), "not_found");
  });
});
