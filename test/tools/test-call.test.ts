import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as testRoute } from "@/app/v1/tools/[id]/test/route";
import { allowLoopback } from "@/test/connections/helpers";
import { asToken, call, expectErrorShape, inProject } from "@/test/support/http";
import { lastAudit, teamWorld } from "@/test/support/world";
import { apiKeyConnection, createTool, patchTool } from "./helpers";

// The test call against a careless upstream on 127.0.0.1 that echoes what it gets (the key
// included) in its body and in a header: the credential must arrive, and must not come back.

type H = Record<string, string>;
const SECRET = "sk_test_call_secret_0123456789";
const seen: Array<{ method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
let server: Server;
let base: string;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = allowLoopback();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      if (req.url?.startsWith("/api/redirect")) return res.writeHead(302, { location: "http://127.0.0.1:9/elsewhere" }).end();
      if (req.url?.startsWith("/api/big")) return res.writeHead(200, { "content-type": "text/plain" }).end("y".repeat(100 * 1024));
      const echoed = JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body });
      res.writeHead(201, { "content-type": "application/json", "x-echo": String(req.headers["x-api-key"] ?? req.headers.authorization ?? ""), "set-cookie": "s=1", "x-upstream": "fake" }).end(echoed);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  restoreEnv();
  await new Promise((r) => server.close(r));
});

const testCall = (headers: H, id: string, body: unknown) => call(testRoute, `/v1/tools/${id}/test`, { method: "POST", headers, params: { id }, body });

async function world(credential?: (connectionId: string) => Record<string, unknown>, capabilities: unknown[] = [{ method: "POST", path: "/v1/items/:id" }, { method: "GET", path: "/redirect" }, { method: "GET", path: "/big" }]) {
  const w = await teamWorld();
  const connectionId = await apiKeyConnection(w.admin, SECRET);
  const tool = await createTool(w.admin, { baseUrl: base, capabilities, credential: credential ? credential(connectionId) : { kind: "api_key", connectionId, placement: "header", name: "X-Api-Key" } });
  expect(tool.status, tool.text).toBe(201);
  return { ...w, id: tool.json.id as string, connectionId };
}

describe("POST /v1/tools/{id}/test", () => {
  it("calls the upstream with the credential injected; the answer and the audit never carry it", async () => {
    const { a, admin, id } = await world();
    seen.length = 0;
    const res = await testCall(admin, id, { method: "POST", path: "/v1/items/42?expand=1", headers: { "content-type": "application/json", "x-api-key": "caller-tries-its-own", Authorization: "Bearer nope" }, body: '{"q":"hello"}' });
    expect(res.status, res.text).toBe(200);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: "/api/v1/items/42?expand=1", body: '{"q":"hello"}' });
    expect(seen[0].headers["x-api-key"]).toBe(SECRET);
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].headers["content-type"]).toBe("application/json");
    expect(res.json.status).toBe(201);
    expect(res.json.headers).toMatchObject({ "content-type": "application/json", "x-upstream": "fake" });
    expect(res.json.headers["set-cookie"]).toBeUndefined();
    expect(res.json.body.truncated).toBe(false);
    expect(JSON.parse(res.json.body.text)).toMatchObject({ method: "POST", url: "/api/v1/items/42?expand=1", headers: { "x-api-key": "[redacted]" } });
    expect(res.text).not.toContain(SECRET);
    expect(res.json.latencyMs).toBeGreaterThanOrEqual(0);
    const audit = await lastAudit(a.workspace.id, "tool.test");
    expect(audit).toMatchObject({ targetId: id, actorId: a.admin.id, metadata: expect.objectContaining({ method: "POST", path: "/v1/items/42?expand=1", status: 201 }) });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("bearer and query placements; a tool without capabilities takes any path", async () => {
    const bearer = await world((c) => ({ kind: "api_key", connectionId: c }), []);
    seen.length = 0;
    const r1 = await testCall(bearer.admin, bearer.id, { method: "GET", path: "/anything/at/all" });
    expect(r1.status, r1.text).toBe(200);
    expect(seen[0].headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(r1.text).not.toContain(SECRET);
    const query = await world((c) => ({ kind: "api_key", connectionId: c, placement: "query", name: "key" }), []);
    seen.length = 0;
    const r2 = await testCall(query.admin, query.id, { method: "GET", path: "/q?a=1" });
    expect(r2.status, r2.text).toBe(200);
    expect(new URL(seen[0].url, "http://x").searchParams.get("key")).toBe(SECRET);
    expect(r2.text).not.toContain(SECRET);
  });

  it("a redirect is answered, not followed; a long body is cut at 64 KiB", async () => {
    const { admin, id } = await world();
    seen.length = 0;
    const r = await testCall(admin, id, { method: "GET", path: "/redirect" });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 302, headers: { location: "http://127.0.0.1:9/elsewhere" } });
    expect(seen).toHaveLength(1);
    const big = await testCall(admin, id, { method: "GET", path: "/big" });
    expect(big.json.body.truncated).toBe(true);
    expect(big.json.body.text).toHaveLength(64 * 1024);
  });

  it("refuses unsafe paths (422 tool_path_refused) and undeclared ones (403 capability_not_declared), sending nothing", async () => {
    const { admin, id } = await world();
    seen.length = 0;
    for (const path of ["/v1/items/%2e%2e/x", "/v1/items/a%2Fb", "/v1//items/1", "/v1/items/./1", "/v1/items\\1"]) {
      const r = await testCall(admin, id, { method: "POST", path });
      expect([path, r.status]).toEqual([path, 422]);
      expect([path, r.json.error.code]).toEqual([path, "tool_path_refused"]);
    }
    for (const [method, path] of [["GET", "/v1/items/1"], ["POST", "/v1/items"], ["POST", "/v1/items/1/extra"], ["DELETE", "/v1/items/1"]]) {
      const r = await testCall(admin, id, { method, path });
      expect([method, path, r.status]).toEqual([method, path, 403]);
      expectErrorShape(r.json, new Response(null, { headers: r.headers }), "capability_not_declared");
    }
    expect(seen).toHaveLength(0);
  });

  it("424 credential_unavailable when the connection is gone; 502 upstream_unreachable when nothing answers", async () => {
    const { admin, id, connectionId } = await world();
    await patchTool(admin, id, { baseUrl: "http://127.0.0.1:9/api" });
    const down = await testCall(admin, id, { method: "POST", path: "/v1/items/1" });
    expect(down.status).toBe(502);
    expectErrorShape(down.json, new Response(null, { headers: down.headers }), "upstream_unreachable");
    await db.connection.delete({ where: { id: connectionId } });
    const gone = await testCall(admin, id, { method: "POST", path: "/v1/items/1" });
    expect(gone.status).toBe(424);
    expectErrorShape(gone.json, new Response(null, { headers: gone.headers }), "credential_unavailable");
  });

  it("422 on a bad body", async () => {
    const { admin, id } = await world();
    for (const body of [{ method: "TRACE", path: "/" }, { method: "GET", path: "no-slash" }, { method: "GET", path: "/a b" }, { method: "POST", path: "/", body: "x".repeat(64 * 1024 + 1) }, { method: "GET", path: "/", extra: 1 }]) {
      const r = await testCall(admin, id, body);
      expect([JSON.stringify(body).slice(0, 60), r.status]).toEqual([JSON.stringify(body).slice(0, 60), 422]);
      expect(r.json.error.code).toBe("invalid_request");
    }
  });

  it("401 anonymous; 403 below project admin or without projects:admin; 404 for another tenant's or project's tool", async () => {
    const { a, b, viewer, contributor, projectAdmin, id } = await world();
    const body = { method: "POST", path: "/v1/items/1" };
    expect((await testCall({ "x-tenant-id": a.slug, "x-project-id": "default" }, id, body)).status).toBe(401);
    for (const p of [viewer, contributor]) expect((await testCall(inProject(p, a.slug), id, body)).status).toBe(403);
    expect((await testCall(inProject(projectAdmin, a.slug), id, body)).status).toBe(200);
    const reader = { ...(await asToken(a.owner, a.workspace.id, { scopes: ["workflow:read", "workflow:run"], slug: a.slug })), "x-project-id": "default" };
    expect((await testCall(reader, id, body)).json.error.code).toBe("insufficient_scope");
    for (const h of [inProject(b.owner, b.slug), inProject(a.admin, a.slug, a.other.slug)]) {
      const r = await testCall(h, id, body);
      expect(r.status).toBe(404);
      expect(r.json.error.code).toBe("not_found");
    }
  });
});
