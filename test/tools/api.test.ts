import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { gatewayPublicUrl } from "@/lib/agents/gateway-url";
import { allowLoopback } from "@/test/connections/helpers";
import { insertConnection } from "@/test/workflows/graphs";
import { createTestAgent } from "@/test/factories/agents";
import { asToken, expectErrorShape, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { apiKeyConnection, BASE_URL, listenGateway, createPolicy, createTool, deleteTool, getTool, listTools, patchTool, uniqueToolName } from "./helpers";

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = allowLoopback();
});
afterAll(() => restoreEnv());

/** A tool of a's default project, created by a's tenant admin. */
async function world() {
  const w = await teamWorld();
  const created = await createTool(w.admin, { capabilities: [{ method: "GET", path: "/v1/items/:id" }] });
  expect(created.status, created.text).toBe(201);
  return { ...w, id: created.json.id as string, name: created.json.name as string };
}

describe("/v1/tools CRUD", () => {
  it("create, list, get by id and by name, patch and delete; audited without secrets; gateways notified", async () => {
    const { a, admin } = await teamWorld();
    const connectionId = await apiKeyConnection(admin, "sk_never_in_audit_000000001");
    const gateway = await listenGateway();
    const name = uniqueToolName("crm");
    const body = {
      name,
      description: "The CRM",
      baseUrl: BASE_URL,
      capabilities: [
        { method: "GET", path: "/v1/contacts/:id" },
        { method: "POST", path: "/v1/contacts" },
      ],
      credential: { kind: "api_key", connectionId, placement: "header", name: "X-Api-Key" },
      callsPerMinute: 120,
      recordBodies: true,
    };
    const created = await createTool(admin, body);
    expect(created.status, created.text).toBe(201);
    const tool = created.json;
    expect(tool).toMatchObject({
      name,
      description: "The CRM",
      baseUrl: BASE_URL,
      url: `${gatewayPublicUrl()}/t/${name}`,
      capabilities: body.capabilities,
      credential: { kind: "api_key", connectionId, placement: "header", name: "X-Api-Key", service: null, region: null },
      callsPerMinute: 120,
      recordBodies: true,
    });
    expect(tool.id).toMatch(/^tool_/);
    expect(await db.tool.findUniqueOrThrow({ where: { id: tool.id } })).toMatchObject({ credentialKind: "api_key", connectionId, credentialPlacement: "header", credentialName: "X-Api-Key", workspaceId: a.workspace.id, projectId: a.project.id });

    const audit = await lastAudit(a.workspace.id, "tool.create");
    expect(audit).toMatchObject({ targetId: tool.id, actorId: a.admin.id, projectId: a.project.id });
    expect(JSON.stringify(audit)).not.toContain("sk_never_in_audit");

    expect((await listTools(admin)).json).toEqual({ data: [tool], nextCursor: null });
    expect((await getTool(admin, tool.id)).json).toEqual(tool);
    expect((await getTool(admin, name)).json).toEqual(tool);

    const changed = await patchTool(admin, name, { description: null, credential: { kind: "none" }, capabilities: [] });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json).toMatchObject({ description: null, capabilities: [], credential: { kind: "none", connectionId: null, placement: null, name: null } });
    expect(await db.tool.findUniqueOrThrow({ where: { id: tool.id } })).toMatchObject({ credentialKind: "none", connectionId: null, credentialName: null });
    expect(await lastAudit(a.workspace.id, "tool.update")).toMatchObject({ targetId: tool.id, before: expect.objectContaining({ description: "The CRM" }), after: expect.objectContaining({ description: null }) });

    expect((await deleteTool(admin, tool.id)).status).toBe(204);
    expect((await getTool(admin, tool.id)).status).toBe(404);
    expect(await lastAudit(a.workspace.id, "tool.delete")).toMatchObject({ targetId: tool.id, before: expect.objectContaining({ name }) });
    // create, patch, delete: one notification each, for this project.
    await expect.poll(() => gateway.seen.filter((x) => JSON.stringify(x) === JSON.stringify({ kind: "tools", projectId: a.project.id })).length, { timeout: 2_000 }).toBe(3);
    await gateway.close();
  });

  it("maps each credential kind to its columns and back", async () => {
    const w = await teamWorld();
    const { admin } = w;
    const key = await apiKeyConnection(admin);
    const { a } = w;
    const oauth = { json: await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "oauth2" }) };
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ kind: "api_key", connectionId: key }, { kind: "api_key", connectionId: key, placement: "bearer", name: null, service: null, region: null }],
      [{ kind: "api_key", connectionId: key, placement: "query", name: "api_key" }, { kind: "api_key", placement: "query", name: "api_key" }],
      [{ kind: "oauth2", connectionId: oauth.json.id }, { kind: "oauth2", connectionId: oauth.json.id, placement: "bearer", name: null, service: null, region: null }],
      [{ kind: "sigv4", connectionId: key, service: "execute-api", region: "eu-west-1" }, { kind: "sigv4", connectionId: key, placement: null, name: null, service: "execute-api", region: "eu-west-1" }],
    ];
    for (const [credential, expected] of cases) {
      const res = await createTool(admin, { credential });
      expect(res.status, res.text).toBe(201);
      expect(res.json.credential).toMatchObject(expected);
    }
  });

  it("lists with cursor pagination, newest first", async () => {
    const { admin } = await teamWorld();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createTool(admin)).json.id);
    const first = await listTools(admin, { limit: "2" });
    expect(first.json.data.map((x: { id: string }) => x.id)).toEqual([ids[2], ids[1]]);
    const second = await listTools(admin, { limit: "2", cursor: first.json.nextCursor });
    expect(second.json).toMatchObject({ data: [{ id: ids[0] }], nextCursor: null });
  });

  it("409 on a duplicate name in the project (create and patch); another project may reuse it", async () => {
    const { a, admin, name, id } = await world();
    const dup = await createTool(admin, { name });
    expect(dup.status).toBe(409);
    expectErrorShape(dup.json, new Response(null, { headers: dup.headers }), "conflict");
    expect(dup.json.error.details).toEqual([{ path: "name", message: "Already taken" }]);
    expect((await createTool(inProject(a.admin, a.slug, a.other.slug), { name })).status).toBe(201);
    const other = await createTool(admin);
    expect((await patchTool(admin, other.json.id, { name })).status).toBe(409);
    expect((await getTool(admin, id)).json.name).toBe(name);
  });

  it("deleting a tool deletes its policies", async () => {
    const { a, admin, id } = await world();
    const agent = await createTestAgent({ workspaceId: a.workspace.id, projectId: a.project.id });
    expect((await createPolicy(admin, id, { agentId: agent.agent.id, effect: "allow" })).status).toBe(201);
    expect((await deleteTool(admin, id)).status).toBe(204);
    expect(await db.toolPolicy.count({ where: { toolId: id } })).toBe(0);
  });
});

describe("422: validation, nothing saved", () => {
  it("refuses each class of bad input with the field named", async () => {
    const { a, b, admin } = await world();
    const key = await apiKeyConnection(admin);
    const oauth = (await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "oauth2" })).id;
    const database = (await insertConnection({ workspaceId: a.workspace.id, projectId: a.project.id, type: "database" })).id;
    const foreignKey = await apiKeyConnection(inProject(b.owner, b.slug));
    const otherProjectKey = await apiKeyConnection(inProject(a.admin, a.slug, a.other.slug));
    const before = await db.tool.count({ where: { workspaceId: a.workspace.id } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: "Has-Caps" }, "name"],
      [{ name: "" }, "name"],
      [{ baseUrl: "ftp://example.test/" }, "baseUrl"],
      [{ baseUrl: "https://user:pw@example.test/" }, "baseUrl"],
      [{ baseUrl: "https://example.test/?q=1" }, "baseUrl"],
      [{ baseUrl: "http://10.1.2.3/api" }, "baseUrl"],
      [{ baseUrl: "http://169.254.169.254/latest/meta-data" }, "baseUrl"],
      [{ baseUrl: "http://[::1]:8080/" }, "baseUrl"],
      [{ capabilities: [{ method: "GET", path: "/v1/:" }] }, "capabilities.0.path"],
      [{ capabilities: [{ method: "GET", path: "/ok" }, { method: "POST", path: "/v1/{unclosed" }] }, "capabilities.1.path"],
      [{ capabilities: [{ method: "GET", path: "no-slash" }] }, "capabilities.0.path"],
      [{ capabilities: [{ method: "GET", path: "/a/../b" }] }, "capabilities.0.path"],
      [{ capabilities: [{ method: "TRACE", path: "/a" }] }, "capabilities.0.method"],
      [{ capabilities: [{ method: "GET", path: "/a" }, { method: "GET", path: "/a" }] }, "capabilities"],
      [{ credential: { kind: "api_key", connectionId: "conn_nope" } }, "credential.connectionId"],
      [{ credential: { kind: "api_key", connectionId: foreignKey } }, "credential.connectionId"],
      [{ credential: { kind: "api_key", connectionId: otherProjectKey } }, "credential.connectionId"],
      [{ credential: { kind: "api_key", connectionId: oauth } }, "credential.connectionId"],
      [{ credential: { kind: "oauth2", connectionId: key } }, "credential.connectionId"],
      [{ credential: { kind: "api_key", connectionId: database } }, "credential.connectionId"],
      [{ credential: { kind: "sigv4", connectionId: oauth, service: "s3", region: "us-east-1" } }, "credential.connectionId"],
      [{ credential: { kind: "sigv4", connectionId: key, service: "S3", region: "us-east-1" } }, "credential.service"],
      [{ credential: { kind: "api_key", connectionId: key, placement: "header" } }, "credential.name"],
      [{ credential: { kind: "magic" } }, "credential.kind"],
      [{ callsPerMinute: 0 }, "callsPerMinute"],
      [{ workspaceId: "ws_other" }, ""],
    ];
    for (const [body, path] of cases) {
      const res = await createTool(admin, body);
      expect([JSON.stringify(body).slice(0, 120), res.status]).toEqual([JSON.stringify(body).slice(0, 120), 422]);
      expectErrorShape(res.json, new Response(null, { headers: res.headers }), "invalid_request");
      if (path) expect([JSON.stringify(body).slice(0, 120), res.json.error.details.map((d: { path: string }) => d.path)]).toEqual([JSON.stringify(body).slice(0, 120), expect.arrayContaining([path])]);
    }
    expect(await db.tool.count({ where: { workspaceId: a.workspace.id } })).toBe(before);
  });

  it("PATCH checks the same rules and changes nothing on a refusal", async () => {
    const { admin, id } = await world();
    const row = await db.tool.findUniqueOrThrow({ where: { id } });
    for (const body of [{ baseUrl: "http://10.0.0.1/x" }, { capabilities: [{ method: "GET", path: "/(" }] }, { credential: { kind: "oauth2", connectionId: "conn_x" } }, {}]) {
      expect((await patchTool(admin, id, body)).status).toBe(422);
    }
    expect(await db.tool.findUniqueOrThrow({ where: { id } })).toEqual(row);
  });
});

describe("authorization", () => {
  it("401 without credentials on every route", async () => {
    const { a, id } = await world();
    const anon = { "x-tenant-id": a.slug, "x-project-id": "default" };
    const statuses = [(await listTools(anon)).status, (await createTool(anon)).status, (await getTool(anon, id)).status, (await patchTool(anon, id, { description: "x" })).status, (await deleteTool(anon, id)).status];
    expect(statuses).toEqual(Array(5).fill(401));
  });

  it("viewers and contributors read; only project admins manage", async () => {
    const { a, viewer, contributor, projectAdmin, id } = await world();
    for (const h of [inProject(viewer, a.slug), inProject(contributor, a.slug)]) {
      expect((await listTools(h)).status).toBe(200);
      expect((await getTool(h, id)).status).toBe(200);
      const refused = [await createTool(h), await patchTool(h, id, { description: "x" }), await deleteTool(h, id)];
      expect(refused.map((r) => r.status)).toEqual(Array(3).fill(403));
    }
    expect((await patchTool(inProject(projectAdmin, a.slug), id, { description: "Renamed" })).status).toBe(200);
  });

  it("token scopes narrow the role: workflow:read reads, projects:admin manages", async () => {
    const { a, id } = await world();
    const project = { "x-project-id": "default" };
    const reader = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read"], slug: a.slug })), ...project };
    expect((await getTool(reader, id)).status).toBe(200);
    const refused = await createTool(reader);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("insufficient_scope");
    const admin = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["projects:admin"], slug: a.slug })), ...project };
    expect((await createTool(admin)).status).toBe(201);
    expect((await getTool(admin, id)).status).toBe(403);
  });

  it("another tenant's and another project's tool is 404 on every {id} route, and stays unchanged", async () => {
    const { a, b, id, name } = await world();
    const before = await db.tool.findUniqueOrThrow({ where: { id } });
    for (const h of [inProject(b.owner, b.slug), inProject(a.admin, a.slug, a.other.slug)]) {
      for (const ref of [id, name]) {
        const results = [await getTool(h, ref), await patchTool(h, ref, { description: "x" }), await deleteTool(h, ref)];
        expect(results.map((r) => r.status)).toEqual(Array(3).fill(404));
        for (const r of results) expect(r.json.error.code).toBe("not_found");
      }
    }
    expect((await getTool(inProject(b.owner, a.slug), id)).status).toBe(404);
    expect(await db.tool.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });
});
