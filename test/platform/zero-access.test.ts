// Zero access to organization content (issue 15 §5, seed 003 §10): a valid platform token, sent
// from its allowlist with a real tenant's headers, is refused (401/403) by every operation of the
// OpenAPI document outside /v1/platform — public ones included — and by the Platform MCP; and the
// platform routes' answers carry no workflow graph, run data, connection metadata or tenant
// audit entry of a populated workspace.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as mcpRoute } from "@/app/mcp/route";
import { GET as auditRoute } from "@/app/v1/platform/audit/route";
import { GET as userRoute } from "@/app/v1/platform/users/[id]/route";
import { GET as usersRoute } from "@/app/v1/platform/users/route";
import { GET as workspaceRoute } from "@/app/v1/platform/workspaces/[id]/route";
import { GET as workspacesRoute } from "@/app/v1/platform/workspaces/route";
import { POST as deletionRoute } from "@/app/v1/platform/workspaces/[id]/deletion/route";
import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { createTestPlatformToken } from "@/test/factories/platform";
import { createTestRun } from "@/test/factories/runs";
import { loadHandler, OPERATIONS } from "@/test/fuzz/operations";
import { call } from "@/test/support/http";
import { tenant } from "@/test/support/world";

const CANARY = "zero-access-canary-7f3a";
let op: Awaited<ReturnType<typeof createTestPlatformToken>>;
let t: Awaited<ReturnType<typeof tenant<{ workflow: true }>>>;
let ids: Record<string, string>;

beforeAll(async () => {
  op = await createTestPlatformToken();
  t = await tenant({ workflow: true });
  const workflow = await db.workflow.update({ where: { id: t.workflow.id }, data: { draft: { formatVersion: 1, nodes: [], edges: [], description: CANARY } } });
  const run = await createTestRun(workflow, { status: "succeeded" });
  await db.run.update({ where: { id: run.id }, data: { input: { secretInput: CANARY } } });
  await db.connection.create({
    data: { id: newId("connection"), workspaceId: t.workspace.id, projectId: t.project.id, name: `conn-${CANARY}`, type: "api_key", provider: "custom", config: { baseUrl: `https://${CANARY}.example.test` } },
  });
  await recordAudit({ workspaceId: t.workspace.id, actor: { type: "user", userId: t.owner.id }, action: "workflow.update", metadata: { note: CANARY } });
  // Real ids for every kind of path parameter, so a refusal is never just "not found".
  ids = { id: workflow.id, workflowId: workflow.id, runId: run.id, tokenId: "tok_x", slug: t.slug, userId: t.owner.id };
});

const others = OPERATIONS.filter((o) => !o.path.startsWith("/v1/platform/"));

describe("a platform token outside /v1/platform", () => {
  it("the sweep covers the whole document", () => {
    expect(others.length).toBeGreaterThan(100);
    expect(OPERATIONS.filter((o) => o.path.startsWith("/v1/platform/")).length).toBe(8);
  });

  it.each(others.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))("%s → 401/403", async (_name, o) => {
    const handler = await loadHandler(o);
    const params: Record<string, string | string[]> = {};
    let path = o.path;
    for (const p of o.pathParams) {
      const value = ids[p.name] ?? workflowIdOr(p.name);
      params[p.name] = o.catchAll.has(p.name) ? [value] : value;
      path = path.replace(`{${p.name}}`, encodeURIComponent(value));
    }
    const hasBody = ["post", "put", "patch"].includes(o.method);
    const req = new Request(`http://localhost${path}`, {
      method: o.method.toUpperCase(),
      headers: { ...op.headers(), "x-tenant-id": t.slug, "x-project-id": t.project.slug, ...(hasBody ? { "content-type": "application/json" } : {}) },
      body: hasBody ? "{}" : undefined,
    });
    const res = await handler(req, { params: Promise.resolve(params) });
    const text = await res.text();
    expect([401, 403], text).toContain(res.status);
    expect(text).not.toContain(CANARY);
  });

  it("the Platform MCP refuses it too", async () => {
    const res = await call(mcpRoute, "/mcp", {
      headers: { ...op.headers(), "x-tenant-id": t.slug, "x-project-id": t.project.slug, accept: "application/json, text/event-stream" },
      body: { jsonrpc: "2.0", id: 1, method: "tools/list" },
    });
    expect([401, 403]).toContain(res.status);
  });
});

function workflowIdOr(name: string): string {
  return name.toLowerCase().includes("id") ? ids.id : "x";
}

describe("platform answers carry account-level metadata only", () => {
  it("no workflow graph, run data, connection metadata or tenant audit entry in any platform GET", async () => {
    await call(deletionRoute, `/v1/platform/workspaces/${t.workspace.id}/deletion`, { headers: op.headers(), body: { reason: "sweep" }, params: { id: t.workspace.id } });
    const answers = [
      await call(usersRoute, "/v1/platform/users", { headers: op.headers(), query: { limit: "200" } }),
      await call(userRoute, `/v1/platform/users/${t.owner.id}`, { headers: op.headers(), params: { id: t.owner.id } }),
      await call(workspacesRoute, "/v1/platform/workspaces", { headers: op.headers(), query: { limit: "200" } }),
      await call(workspaceRoute, `/v1/platform/workspaces/${t.workspace.id}`, { headers: op.headers(), params: { id: t.workspace.id } }),
      await call(auditRoute, "/v1/platform/audit", { headers: op.headers(), query: { limit: "200" } }),
    ];
    for (const a of answers) {
      expect(a.status).toBe(200);
      expect(a.text).not.toContain(CANARY);
      expect(a.text).not.toMatch(/"(graph|draft|nodes|input|output|config|secret|baseUrl|metadata":\{"note)"/);
    }
    const ws = answers[3].json;
    expect(Object.keys(ws).sort()).toEqual(["counts", "createdAt", "id", "name", "owners", "slug", "status"]);
    expect(ws.counts).toMatchObject({ workflows: expect.any(Number), runs: 1 });
  });
});
