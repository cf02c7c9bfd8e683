// Tool steps (issue 12 §3): a workflow node calling a synced tool of an MCP instance, against
// a real MCP server (the SDK's own) on 127.0.0.1, executed by the in-process engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as publishRoute } from "@/app/v1/workflows/[id]/publish/route";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { POST as createWorkflowRoute } from "@/app/v1/workflows/route";
import { GET as stepsRoute } from "@/app/v1/runs/[id]/steps/route";
import { GET as approvalsRoute } from "@/app/v1/approvals/route";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { db } from "@/lib/db/client";
import { canonicalHash } from "@/lib/calls/canonical-hash";
import { createTestToken } from "@/test/factories/tokens";
import { allowLoopback } from "@/test/connections/helpers";
import { createInstance, createKeyConnection, syncInstance } from "@/test/mcp-instances/helpers";
import { startMcpUpstream, type McpUpstream } from "@/test/mcp-instances/mcp-upstream";
import { call, inProject, tokenHeaders } from "@/test/support/http";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { tenant } from "@/test/support/world";

const SECRET = "mcp_tool_step_SECRET_0a1b2c3d4e5f";

let up: McpUpstream;
let worker: TestWorker;
let restoreEnv: () => void;
const makeTenant = () => tenant({ credits: 1_000_000_000n, staff: false, otherProject: false });
let t: Awaited<ReturnType<typeof makeTenant>>;
let owner: Record<string, string>;
let instanceId: string;

beforeAll(async () => {
  restoreEnv = allowLoopback();
  up = await startMcpUpstream({ accept: (req) => req.headers.authorization === `Bearer ${SECRET}` });
  t = await makeTenant();
  owner = inProject(t.owner, t.slug, t.project.slug);
  const connectionId = await createKeyConnection(owner, SECRET, new URL(up.url).origin);
  const inst = await createInstance(owner, { url: up.url, connectionId });
  expect(inst.status).toBe(201);
  instanceId = inst.json.id;
  expect((await syncInstance(owner, instanceId)).status).toBe(200);
  worker = await startTestWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await up?.close();
  restoreEnv?.();
});

function toolGraph(tool: string, args: string) {
  return {
    nodes: [
      { id: "trigger", type: "trigger", config: { inputSchema: { type: "object", properties: { msg: { type: "string" } } } } },
      { id: "act", type: "tool", config: { instanceId, tool, arguments: args, retry: { maxAttempts: 1, initialDelayMs: 0 } } },
      { id: "output", type: "output", config: { expression: "steps.act.output" } },
    ],
    edges: [
      { id: "e1", source: "trigger", target: "act" },
      { id: "e2", source: "act", target: "output" },
    ],
  };
}

/** A published workflow running `tool` with `args` (a JSONata expression). */
async function publishedWorkflow(tool: string, args: string, headers = owner): Promise<string> {
  const created = await call(createWorkflowRoute, "/v1/workflows", { method: "POST", headers, body: { name: `tool ${tool} ${Date.now()}`, graph: toolGraph(tool, args) } });
  expect(created.status, created.text).toBe(201);
  const id = created.json.id;
  const published = await call(publishRoute, `/v1/workflows/${id}/publish`, { method: "POST", headers, params: { id }, body: {} });
  expect(published.status, published.text).toBe(201);
  return id;
}

const start = (id: string, headers: Record<string, string>, input: unknown = {}) =>
  call(startRoute, `/v1/workflows/${id}/runs`, { method: "POST", headers, params: { id }, body: { input } });

async function toolStep(runId: string) {
  const res = await call(stepsRoute, `/v1/runs/${runId}/steps`, { headers: owner, params: { id: runId } });
  expect(res.status).toBe(200);
  return res.json.steps.find((s: { nodeId: string }) => s.nodeId === "act");
}

describe("tool steps", () => {
  it("call the tool with arguments mapped from the input; the step shows arguments, result, latency and the tool-call charge", async () => {
    const id = await publishedWorkflow("echo", '{ "text": "hello " & input.msg }');
    const version = await db.workflowVersion.findFirstOrThrow({ where: { workflowId: id }, select: { graph: true } });
    const pinned = (version.graph as { nodes: { id: string; config: { schemaHash?: string } }[] }).nodes.find((n) => n.id === "act")!.config.schemaHash;
    const tool = await db.mcpTool.findFirstOrThrow({ where: { instanceId, name: "echo" }, select: { schemaHash: true, inputSchema: true } });
    expect(pinned).toBe(tool.schemaHash);
    expect(pinned).toBe(canonicalHash(tool.inputSchema));

    const { token } = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
    const seenBefore = up.seen.length;
    const res = await start(id, tokenHeaders(token, t.slug, t.project.slug), { msg: "world" });
    expect(res.status, res.text).toBe(201);
    const run = await waitForRun(res.json.id, "succeeded", 30_000);
    expect(run.output).toMatchObject({ structuredContent: { echoed: "hello world" } });

    const step = await toolStep(res.json.id);
    expect(step).toMatchObject({ nodeType: "tool", status: "succeeded", input: { instanceId, tool: "echo", arguments: { text: "hello world" }, argumentsHash: canonicalHash({ text: "hello world" }), schemaHash: pinned } });
    expect(step.output.content).toEqual([{ type: "text", text: "echo: hello world" }]);
    expect(typeof step.latencyMs).toBe("number");
    const usage = await db.usageRecord.findMany({ where: { runId: res.json.id, nodeId: "act" }, select: { kind: true, charge: true } });
    expect(usage.map((u) => [u.kind, Number(u.charge)]).sort()).toEqual([["step", 100], ["tool", 500]]);

    // The connection's credential reached the upstream; the platform token never did.
    const seen = JSON.stringify(up.seen.slice(seenBefore));
    expect(seen).toContain(`Bearer ${SECRET}`);
    expect(seen).not.toContain(token);
  }, 60_000);

  it("a published version pins the tool's schema: once the upstream changed it (and a sync saw it), the step fails with tool_schema_changed without calling", async () => {
    const id = await publishedWorkflow("echo", '{ "text": input.msg }');
    up.setEchoSchemaField("message");
    try {
      expect((await syncInstance(owner, instanceId)).status).toBe(200);
      const calls = up.calls.length;
      const res = await start(id, owner, { msg: "stale" });
      expect(res.status, res.text).toBe(201);
      await waitForRun(res.json.id, "failed", 30_000);
      const step = await toolStep(res.json.id);
      expect(step.status).toBe("failed");
      expect(step.error).toMatchObject({ code: "tool_schema_changed" });
      expect(up.calls.length).toBe(calls);
    } finally {
      up.setEchoSchemaField("text");
      await syncInstance(owner, instanceId);
    }
  }, 60_000);

  it("an approval_required tool waits for an approval bound to the exact call; two concurrent approvals run it exactly once", async () => {
    const id = await publishedWorkflow("create_note", '{ "text": "note " & input.msg }');
    const res = await start(id, owner, { msg: "A" });
    expect(res.status, res.text).toBe(201);
    await waitForRun(res.json.id, "waiting_approval", 30_000);
    const listed = await call(approvalsRoute, `/v1/approvals?runId=${res.json.id}`, { headers: owner });
    expect(listed.status).toBe(200);
    const approval = listed.json.data[0];
    expect(approval.toolCall).toEqual({ instanceId, tool: "create_note", arguments: { text: "note A" }, argumentsHash: canonicalHash({ text: "note A" }) });
    expect(approval.message).toContain('"text": "note A"');
    expect(up.calls.filter((c) => c === "create_note")).toHaveLength(0);

    // The run's starter may not approve (no self-approval): a second project admin does, twice at once.
    const admin = await tenantAdmin();
    const decide = () => call(approveRoute, `/v1/approvals/${approval.id}/approve`, { method: "POST", headers: admin, params: { id: approval.id }, body: {} });
    const before = up.calls.filter((c) => c === "create_note").length;
    const results = await Promise.all([decide(), decide()]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await waitForRun(res.json.id, "succeeded", 30_000);
    expect(up.calls.filter((c) => c === "create_note").length - before).toBe(1);
    const step = await toolStep(res.json.id);
    expect(step).toMatchObject({ status: "succeeded", input: { tool: "create_note", arguments: { text: "note A" } } });
  }, 60_000);

  it("starting a run with tool steps needs mcp:execute: a token without it is refused (403 insufficient_scope), one with it starts", async () => {
    const id = await publishedWorkflow("echo", '{ "text": input.msg }');
    const without = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id, scopes: ["workflow:read", "workflow:run"] });
    const refused = await start(id, tokenHeaders(without.token, t.slug, t.project.slug), { msg: "x" });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe("insufficient_scope");
    expect(await db.run.count({ where: { workflowId: id } })).toBe(0);
    const withScope = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id, scopes: ["workflow:read", "workflow:run", "mcp:execute"] });
    const started = await start(id, tokenHeaders(withScope.token, t.slug, t.project.slug), { msg: "x" });
    expect(started.status, started.text).toBe(201);
    await waitForRun(started.json.id, "succeeded", 30_000);
  }, 60_000);
});

/** A second project admin of the tenant (the owner started the runs and may not approve them). */
async function tenantAdmin(): Promise<Record<string, string>> {
  const { joinAs } = await import("@/test/support/world");
  const p = await joinAs(t, "tenant_admin");
  return inProject(p, t.slug, t.project.slug);
}
