// The openapi adapter: an HTTP API described by an OpenAPI 3 document, each operation a tool,
// called on the bound connection's base URL (a counting upstream on 127.0.0.1).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATCH as updateRoute } from "@/app/v1/mcp-instances/[id]/route";
import { createTestToken } from "@/test/factories/tokens";
import { allowLoopback } from "@/test/connections/helpers";
import { startFakeUpstream } from "@/test/support/fake-upstream";
import { call, tokenHeaders } from "@/test/support/http";
import { lastAudit, tenant } from "@/test/support/world";
import { callTool, createInstance, createKeyConnection, setPolicy, syncInstance } from "./helpers";

const SECRET = "openapi_adapter_SECRET_9f8e7d6c5b4a";

const document = {
  openapi: "3.1.0",
  info: { title: "Fake", version: "1" },
  servers: [{ url: "https://not-used.example" }],
  paths: {
    "/ok/{item}": { get: { operationId: "getItem", parameters: [{ name: "item", in: "path", required: true, schema: { type: "string" } }, { name: "verbose", in: "query", schema: { type: "boolean" } }], responses: { "200": { description: "ok" } } } },
    "/echo": { post: { operationId: "echo", requestBody: { required: true, content: { "application/json": { schema: { type: "object", properties: { text: { type: "string" } } } } } }, responses: { "200": { description: "ok" } } } },
    "/status/{code}": { get: { operationId: "status", parameters: [{ name: "code", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "ok" } } } },
  },
};

let up: Awaited<ReturnType<typeof startFakeUpstream>>;
let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = allowLoopback();
  up = await startFakeUpstream();
});
afterAll(async () => {
  restoreEnv();
  await up.close();
});

async function world() {
  const t = await tenant({ staff: false, otherProject: false });
  const { token } = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
  const headers = { ...tokenHeaders(token, t.slug), "x-project-id": "default" };
  const connectionId = await createKeyConnection(headers, SECRET, up.url);
  return { t, token, headers, connectionId };
}

describe("openapi adapter", () => {
  it("syncs one tool per operation with hints from the method, and calls them on the connection's base URL with its credential, never the platform token", async () => {
    const { token, headers, connectionId } = await world();
    const inst = await createInstance(headers, { adapter: "openapi", connectionId, document });
    expect(inst.status, inst.text).toBe(201);
    const synced = await syncInstance(headers, inst.json.id);
    expect(synced.status).toBe(200);
    const byName = Object.fromEntries(synced.json.tools.map((t: { name: string }) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(["echo", "getItem", "status"]);
    expect(byName.getItem).toMatchObject({ policy: "allow", annotations: { readOnlyHint: true } });
    expect(byName.echo.policy).toBe("approval_required");

    const from = up.seen.length;
    const got = await callTool(headers, inst.json.id, "getItem", { item: "a b", verbose: true });
    expect(got.status, got.text).toBe(200);
    expect(got.json).toMatchObject({ isError: false, structuredContent: { status: 200, body: { ok: true, path: "/ok/a%20b" } } });
    const sent = up.seen.slice(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: "GET", path: "/ok/a%20b" });
    expect(sent[0].headers["x-unused"]).toBe(SECRET); // the connection's own header setting (createKeyConnection)
    expect(JSON.stringify(sent)).not.toContain(token);

    // An admin's test call is its own approval; the body goes as JSON.
    const echoed = await callTool(headers, inst.json.id, "echo", { body: { text: "hi" } });
    expect(echoed.status, echoed.text).toBe(200);
    expect(echoed.json.structuredContent).toMatchObject({ status: 200, body: { method: "POST", body: JSON.stringify({ text: "hi" }) } });
    expect(JSON.stringify(echoed.json)).not.toContain(SECRET);

    // A 4xx/5xx answer is the tool's error result, not a failed call.
    const failed = await callTool(headers, inst.json.id, "status", { code: 503 });
    expect(failed.status).toBe(200);
    expect(failed.json).toMatchObject({ isError: true, structuredContent: { status: 503 } });
  });

  it("read-only instances refuse the non-GET operations; deny policies refuse the call before any request", async () => {
    const { t, headers, connectionId } = await world();
    const inst = await createInstance(headers, { adapter: "openapi", connectionId, document, readOnly: true });
    expect(inst.status, inst.text).toBe(201);
    await syncInstance(headers, inst.json.id);
    const from = up.seen.length;
    const refused = await callTool(headers, inst.json.id, "echo", { body: { text: "x" } });
    expect(refused.status).toBe(403);
    expect(await lastAudit(t.workspace.id, "authz.denied")).toMatchObject({ metadata: expect.objectContaining({ reason: "read_only" }) });
    expect((await setPolicy(headers, inst.json.id, "getItem", "deny")).status).toBe(200);
    const denied = await callTool(headers, inst.json.id, "getItem", { item: "x" });
    expect(denied.status).toBe(403);
    expect(await lastAudit(t.workspace.id, "authz.denied")).toMatchObject({ metadata: expect.objectContaining({ reason: "tool_denied" }) });
    expect(up.seen.length).toBe(from);
  });

  it("422: no document, a document that is not OpenAPI 3 or has external references, a URL, a database connection; a document only for openapi instances", async () => {
    const { headers, connectionId } = await world();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ adapter: "openapi", connectionId }, "document"],
      [{ adapter: "openapi", connectionId, document: { swagger: "2.0" } }, "document"],
      [{ adapter: "openapi", connectionId, document: { ...document, paths: { "/x": { get: { responses: { "200": { $ref: "https://127.0.0.1:9/r.json" } } } } } } }, "document"],
      [{ adapter: "openapi", connectionId, document, url: `${up.url}/mcp` }, "url"],
      [{ adapter: "openapi", document }, "connectionId"],
      [{ adapter: "remote_mcp", url: `${up.url}/mcp`, connectionId, document }, "document"],
    ];
    for (const [body, path] of cases) {
      const res = await createInstance(headers, body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(422);
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const remote = await createInstance(headers, { url: `${up.url}/mcp`, connectionId });
    expect(remote.status, remote.text).toBe(201);
    const patched = await call(updateRoute, `/v1/mcp-instances/${remote.json.id}`, { method: "PATCH", headers, params: { id: remote.json.id }, body: { document } });
    expect(patched.status).toBe(422);
  });
});
