import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { callMcpTool } from "@/lib/calls/call-mcp-tool";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import { setLogSink } from "@/lib/core/logger";
import { GET as toolsRoute } from "@/app/v1/mcp-instances/[id]/tools/route";
import { PATCH as patchConnectionRoute } from "@/app/v1/connections/[id]/route";
import { createTestToken } from "@/test/factories/tokens";
import { call, tokenHeaders } from "@/test/support/http";
import { lastAudit, tenant } from "@/test/support/world";
import { allowLoopback } from "@/test/connections/helpers";
import { callTool, createInstance, createKeyConnection, setPolicy, syncInstance } from "./helpers";
import { startMcpUpstream, type McpUpstream } from "./mcp-upstream";

// A real MCP server (the SDK's own) on 127.0.0.1 as the upstream, recording what it receives.
const SECRET = "mcp_canary_SECRET_5d4c3b2a1f0e9d8c";

let modern: McpUpstream;
let legacy: McpUpstream;
let restoreEnv: () => void;
const logs: string[] = [];
beforeAll(async () => {
  modern = await startMcpUpstream();
  legacy = await startMcpUpstream({ era: "legacy" });
  restoreEnv = allowLoopback();
  setLogSink((line) => logs.push(line));
});
afterAll(async () => {
  setLogSink(null);
  restoreEnv();
  await modern.close();
  await legacy.close();
});

/** A tenant whose owner acts with a full-scope PAT (the token the upstream must never see). */
async function world() {
  const t = await tenant({ staff: false, otherProject: false });
  const { token } = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
  const headers = { ...tokenHeaders(token, t.slug), "x-project-id": "default" };
  return { t, token, headers };
}

const seenText = (up: McpUpstream, from = 0) => JSON.stringify(up.seen.slice(from));

describe("sync", () => {
  it("caches the tools with their schema hash and default policies, over either protocol era", async () => {
    const { headers } = await world();
    for (const [up, era] of [[modern, "modern"], [legacy, "legacy"]] as const) {
      const connectionId = await createKeyConnection(headers, SECRET, new URL(up.url).origin);
      const inst = await createInstance(headers, { url: up.url, connectionId });
      expect(inst.status).toBe(201);
      const res = await syncInstance(headers, inst.json.id);
      expect(res.status).toBe(200);
      expect(res.json.instance).toMatchObject({ protocolEra: era, lastSyncStatus: "ok", lastSyncError: null });
      expect(res.json.added.sort()).toEqual(["create_note", "delete_everything", "echo"]);
      const byName = Object.fromEntries(res.json.tools.map((t: { name: string }) => [t.name, t]));
      expect(byName.echo).toMatchObject({ policy: "allow", policySource: "default", annotations: { readOnlyHint: true }, callable: true, qualifiedName: `${inst.json.name}__echo` });
      expect(byName.delete_everything.policy).toBe("approval_required");
      expect(byName.create_note.policy).toBe("approval_required");
      expect(byName.echo.schemaHash).toBe(canonicalHash(byName.echo.inputSchema));
      // Both eras list the same schema with keys in another order: the canonical hash is the same.
      expect(byName.echo.schemaHash).toBe(canonicalHash({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", properties: { text: { type: "string" } }, required: ["text"] }));
      const listed = await call(toolsRoute, `/v1/mcp-instances/${inst.json.id}/tools`, { headers, params: { id: inst.json.id } });
      expect(listed.json.data.map((t: { name: string }) => t.name)).toEqual(["create_note", "delete_everything", "echo"]);
      // A call after the sync reuses the era it found (a legacy upstream is not probed again).
      const from = up.seen.length;
      expect((await callTool(headers, inst.json.id, "echo", { text: era })).json.content).toEqual([{ type: "text", text: `echo: ${era}` }]);
      expect(up.seen.slice(from).some((r) => r.body.includes("server/discover"))).toBe(era === "modern" ? true : false);
      expect(await lastAudit((await db.mcpInstance.findUniqueOrThrow({ where: { id: inst.json.id } })).workspaceId, "mcp_instance.sync")).toMatchObject({ targetId: inst.json.id });
    }
  });

  it("an admin's policy survives syncs; a changed schema gets a new hash and is reported; a dropped tool is flagged removed", async () => {
    const { headers } = await world();
    const up = await startMcpUpstream();
    try {
      const inst = await createInstance(headers, { url: up.url });
      await syncInstance(headers, inst.json.id);
      expect((await setPolicy(headers, inst.json.id, "echo", "deny")).json).toMatchObject({ policy: "deny", policySource: "admin", callable: false });
      const before = (await db.mcpTool.findFirstOrThrow({ where: { instanceId: inst.json.id, name: "echo" } })).schemaHash;
      up.setEchoSchemaField("message");
      const res = await syncInstance(headers, inst.json.id);
      expect(res.json.changed).toEqual(["echo"]);
      const echo = res.json.tools.find((t: { name: string }) => t.name === "echo");
      expect(echo).toMatchObject({ policy: "deny", policySource: "admin" });
      expect(echo.schemaHash).not.toBe(before);
      expect(await lastAudit((await db.mcpInstance.findUniqueOrThrow({ where: { id: inst.json.id } })).workspaceId, "mcp_tool.policy")).toMatchObject({ before: { policy: "allow" }, after: { policy: "deny" } });
    } finally {
      await up.close();
    }
  });

  it("5 syncs at once all succeed and leave each tool once", async () => {
    const { headers } = await world();
    const inst = await createInstance(headers, { url: modern.url });
    const results = await Promise.all(Array.from({ length: 5 }, () => syncInstance(headers, inst.json.id)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await db.mcpTool.count({ where: { instanceId: inst.json.id } })).toBe(3);
    expect(results.flatMap((r) => r.json.added).sort()).toEqual(["create_note", "delete_everything", "echo"]);
  });

  it("a refused credential or an unreachable server records a safe error and changes no tool", async () => {
    const { headers } = await world();
    const strict = await startMcpUpstream({ accept: (r) => r.headers.authorization === "Bearer right-key-0000000000" });
    try {
      const connectionId = await createKeyConnection(headers, SECRET, new URL(strict.url).origin);
      const inst = await createInstance(headers, { url: strict.url, connectionId });
      const res = await syncInstance(headers, inst.json.id);
      expect(res.status).toBe(200);
      expect(res.json.instance).toMatchObject({ lastSyncStatus: "error", lastSyncError: expect.stringContaining("upstream_unauthorized") });
      expect(res.json.tools).toEqual([]);
      // The upstream's 401 body echoed the credential: nothing of it comes back.
      expect(res.text).not.toContain(SECRET);
      const gone = await createInstance(headers, { url: "http://127.0.0.1:9/mcp" });
      expect((await syncInstance(headers, gone.json.id)).json.instance).toMatchObject({ lastSyncStatus: "error", lastSyncError: expect.stringContaining("mcp_unreachable") });
    } finally {
      await strict.close();
    }
  });

  it("the egress policy holds: without an allowance, 127.0.0.1 is refused and the upstream gets 0 requests", async () => {
    const { headers } = await world();
    const inst = await createInstance(headers, { url: modern.url });
    restoreEnv();
    try {
      const before = modern.seen.length;
      const res = await syncInstance(headers, inst.json.id);
      expect(res.json.instance).toMatchObject({ lastSyncStatus: "error", lastSyncError: expect.stringContaining("egress_denied") });
      expect(modern.seen.length).toBe(before);
    } finally {
      restoreEnv = allowLoopback();
    }
  });
});

describe("the credential only goes to its connection's host", () => {
  it("binding a connection made for another host is 422; a connection moved to another host afterwards makes calls fail with 0 requests upstream", async () => {
    const { headers } = await world();
    const elsewhere = await createKeyConnection(headers, SECRET, "https://api.example.com");
    const res = await createInstance(headers, { url: modern.url, connectionId: elsewhere });
    expect(res.status).toBe(422);
    expect(res.json.error.details[0]).toMatchObject({ path: "url", message: expect.stringContaining("api.example.com") });

    const connectionId = await createKeyConnection(headers, SECRET, new URL(modern.url).origin);
    const inst = await createInstance(headers, { url: modern.url, connectionId });
    await syncInstance(headers, inst.json.id);
    const moved = await call(patchConnectionRoute, `/v1/connections/${connectionId}`, { method: "PATCH", headers, params: { id: connectionId }, body: { fields: { baseUrl: "https://api.example.com" } } });
    expect(moved.status).toBe(200);
    const from = modern.seen.length;
    const called = await callTool(headers, inst.json.id, "echo", { text: "x" });
    expect(called.json).toMatchObject({ isError: true, error: { code: "credential_host_mismatch" } });
    expect((await syncInstance(headers, inst.json.id)).json.instance.lastSyncError).toContain("credential_host_mismatch");
    expect(modern.seen.length).toBe(from);
  });
});

describe("credential placement", () => {
  const cases = [
    { placement: "bearer", credentialName: null, got: (r: McpUpstream["seen"][number]) => r.headers.authorization, want: `Bearer ${SECRET}` },
    { placement: "header", credentialName: "X-Api-Key", got: (r: McpUpstream["seen"][number]) => r.headers["x-api-key"], want: SECRET },
    { placement: "query", credentialName: "key", got: (r: McpUpstream["seen"][number]) => r.query.key, want: SECRET },
    { placement: "basic", credentialName: "svc", got: (r: McpUpstream["seen"][number]) => r.headers.authorization, want: `Basic ${Buffer.from(`svc:${SECRET}`).toString("base64")}` },
  ] as const;

  for (const c of cases) {
    it(`${c.placement}: every upstream request carries the connection's secret, never the platform PAT`, async () => {
      const { headers, token } = await world();
      const connectionId = await createKeyConnection(headers, SECRET, new URL(modern.url).origin);
      const inst = await createInstance(headers, { url: modern.url, connectionId, credentialPlacement: c.placement, credentialName: c.credentialName });
      expect(inst.status).toBe(201);
      const from = modern.seen.length;
      expect((await syncInstance(headers, inst.json.id)).json.instance.lastSyncStatus).toBe("ok");
      expect((await callTool(headers, inst.json.id, "echo", { text: "hi" })).status).toBe(200);
      const requests = modern.seen.slice(from);
      expect(requests.length).toBeGreaterThanOrEqual(2);
      for (const r of requests) expect(c.got(r)).toBe(c.want);
      const text = seenText(modern, from);
      expect(text).not.toContain(token);
      expect(text).not.toContain("ar_pat_");
      if (c.placement !== "bearer" && c.placement !== "basic") for (const r of requests) expect(r.headers.authorization).toBeUndefined();
    });
  }
});

describe("test call", () => {
  it("returns the upstream's result, audited with the arguments' hash and without the secret; echoes of the secret are cut out", async () => {
    const { t, headers } = await world();
    const connectionId = await createKeyConnection(headers, SECRET, new URL(modern.url).origin);
    const inst = await createInstance(headers, { url: modern.url, connectionId });
    await syncInstance(headers, inst.json.id);
    const res = await callTool(headers, inst.json.id, "echo", { text: "hello" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tool: "echo", isError: false, content: [{ type: "text", text: "echo: hello" }], structuredContent: { echoed: "hello" }, error: null });
    expect(res.json.schemaHash).toMatch(/^[0-9a-f]{64}$/);
    const audit = await lastAudit(t.workspace.id, "mcp_tool.call");
    expect(audit).toMatchObject({ targetId: inst.json.id, metadata: expect.objectContaining({ tool: "echo", argumentsHash: canonicalHash({ text: "hello" }), isError: false }) });

    const echoed = await callTool(headers, inst.json.id, "echo", { text: `leak ${SECRET}` });
    expect(echoed.json.content[0].text).toBe("echo: leak [redacted]");
    expect(echoed.text).not.toContain(SECRET);
    const audits = await db.auditLog.findMany({ where: { workspaceId: t.workspace.id } });
    expect(JSON.stringify(audits)).not.toContain(SECRET);
    expect(logs.join("\n")).not.toContain(SECRET);
  });

  it("an approval_required tool is called by the admin's test call; a tool error comes back as isError", async () => {
    const { headers } = await world();
    const inst = await createInstance(headers, { url: modern.url });
    await syncInstance(headers, inst.json.id);
    const res = await callTool(headers, inst.json.id, "create_note", { text: "n1" });
    expect(res.json).toMatchObject({ isError: false, content: [{ type: "text", text: "created n1" }] });
    const bad = await callTool(headers, inst.json.id, "echo", { wrong: 1 });
    expect(bad.status).toBe(200);
    expect(bad.json.isError).toBe(true);
  });

  it("refused with 403 (and no upstream call) for a deny policy, the deny list, outside the allow list and on a read-only instance; audited", async () => {
    const { t, headers } = await world();
    const inst = await createInstance(headers, { url: modern.url });
    await syncInstance(headers, inst.json.id);
    const id = inst.json.id;
    const refusedWithoutCall = async (tool: string, args: Record<string, unknown>, reason: string) => {
      const calls = modern.calls.length;
      const res = await callTool(headers, id, tool, args);
      expect([tool, res.status]).toEqual([tool, 403]);
      expect(modern.calls.length).toBe(calls);
      expect(await lastAudit(t.workspace.id, "authz.denied")).toMatchObject({ metadata: expect.objectContaining({ reason }) });
    };
    await setPolicy(headers, id, "delete_everything", "deny");
    await refusedWithoutCall("delete_everything", { confirm: true }, "tool_denied");

    await db.mcpInstance.update({ where: { id }, data: { denyTools: ["create_note"] } });
    await refusedWithoutCall("create_note", { text: "x" }, "tool_denied");

    await db.mcpInstance.update({ where: { id }, data: { denyTools: [], allowTools: ["echo"] } });
    await refusedWithoutCall("create_note", { text: "x" }, "tool_not_allowed");

    await db.mcpInstance.update({ where: { id }, data: { allowTools: [], readOnly: true } });
    await refusedWithoutCall("create_note", { text: "x" }, "read_only");
    expect((await callTool(headers, id, "echo", { text: "still fine" })).json.isError).toBe(false);
    expect(modern.calls.filter((c) => c === "delete_everything")).toEqual([]);
  });

  it("a tool the instance never listed is 404; an unreachable upstream answers 200 with a safe error", async () => {
    const { headers } = await world();
    const inst = await createInstance(headers, { url: modern.url });
    await syncInstance(headers, inst.json.id);
    expect((await callTool(headers, inst.json.id, "no_such_tool")).status).toBe(404);
    await db.mcpInstance.update({ where: { id: inst.json.id }, data: { url: "http://127.0.0.1:9/mcp", protocolEra: null } });
    const res = await callTool(headers, inst.json.id, "echo", { text: "x" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ isError: true, error: { code: "mcp_unreachable", retryable: true }, content: [] });
  });
});

describe("callMcpTool (the shared call for workflow steps and the gateway)", () => {
  it("needs an approval for approval_required tools, refuses a stale pinned schema hash, and calls with a matching one", async () => {
    const { t, headers } = await world();
    const up = await startMcpUpstream();
    try {
      const inst = await createInstance(headers, { url: up.url });
      await syncInstance(headers, inst.json.id);
      const scope = { workspaceId: t.workspace.id, projectId: t.project.id };
      const base = { scope, instanceId: inst.json.id, approved: false };
      await expect(callMcpTool({ ...base, tool: "create_note", arguments: { text: "x" } })).rejects.toMatchObject({ code: "approval_required" });
      const hash = (await db.mcpTool.findFirstOrThrow({ where: { instanceId: inst.json.id, name: "echo" } })).schemaHash;
      await expect(callMcpTool({ ...base, tool: "echo", arguments: { text: "x" }, pinnedSchemaHash: hash })).resolves.toMatchObject({ isError: false, schemaHash: hash });
      up.setEchoSchemaField("message");
      await syncInstance(headers, inst.json.id);
      await expect(callMcpTool({ ...base, tool: "echo", arguments: { text: "x" }, pinnedSchemaHash: hash })).rejects.toMatchObject({ code: "tool_schema_changed" });
      expect(up.calls).toEqual(["echo"]);
      await expect(callMcpTool({ ...base, scope: { workspaceId: t.workspace.id, projectId: "prj_other" }, tool: "echo", arguments: {} })).rejects.toMatchObject({ code: "mcp_instance_not_found" });
    } finally {
      await up.close();
    }
  });
});
