// Runs and approvals through the tools, executed by the real engine in process: runs_start
// (trigger mcp, the token as actor, idempotency, a short wait), run_steps_list, runs_cancel,
// approvals_decide (confirmed through input-required elicitation; refused to the token that
// started the run), and another tenant's ids answered as not found.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createTestToken } from "@/test/factories/tokens";
import { createTestWorkflow, GATE_GRAPH } from "@/test/factories/workflows";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { tokenHeaders } from "@/test/support/http";
import { lastAudit, PROJECT_TEAM, twoTenants } from "@/test/support/world";
import { dataOf, errorOf, legacyClient, modernClient } from "./support";

let worker: TestWorker;
let w: Awaited<ReturnType<typeof world>>;
const world = () => twoTenants({ token: true, workflow: true, credits: true, members: PROJECT_TEAM }, { token: true, workflow: true, credits: true });
let owner: Record<string, string>;
let key = 0;
const nextKey = () => `mcp-test-${Date.now()}-${++key}`;

async function gateWorkflow(config: Record<string, unknown> = {}) {
  const graph = { ...GATE_GRAPH, nodes: GATE_GRAPH.nodes.map((n) => (n.id === "gate" ? { ...n, config: { ...n.config, ...config } } : n)) };
  return (await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, graph })).workflow;
}

async function headersOf(userId: string) {
  const { token, row } = await createTestToken({ userId, workspaceId: w.a.workspace.id });
  return { headers: tokenHeaders(token, w.a.slug, "default"), tokenId: row.id };
}

beforeAll(async () => {
  w = await world();
  owner = tokenHeaders(w.a.token.token, w.a.slug, "default");
  worker = await startTestWorker({ maintenance: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

describe("runs_start, runs_get, run_steps_list", () => {
  it("starts a run with trigger mcp and the token as actor, waits for it, and reads its steps", async () => {
    const client = await modernClient(owner);
    const run = dataOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.slug, input: { name: "Ada" }, idempotencyKey: nextKey(), waitSeconds: 20 } }));
    expect(run).toMatchObject({ id: expect.stringMatching(/^run_/), status: "succeeded", trigger: "mcp", startedByTokenId: w.a.token.row.id, output: { greeting: "Hello, Ada!" } });

    const got = dataOf(await client.callTool({ name: "runs_get", arguments: { id: run.id } }));
    expect(got).toMatchObject({ id: run.id, status: "succeeded", graph: expect.any(Object) });
    const steps = dataOf(await client.callTool({ name: "run_steps_list", arguments: { id: run.id } }));
    expect(steps.steps.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
      ["trigger", "succeeded"],
      ["greet", "succeeded"],
      ["output", "succeeded"],
    ]);
    const listed = dataOf(await client.callTool({ name: "runs_list", arguments: { trigger: "mcp", limit: 5 } }));
    expect(listed.data.map((r: { id: string }) => r.id)).toContain(run.id);

    const audit = await lastAudit(w.a.workspace.id, "run.started");
    expect(audit).toMatchObject({ actorType: "token", actorId: w.a.token.row.id, targetId: run.id, projectId: w.a.project.id });
  }, 30_000);

  it("without waitSeconds it returns the queued run at once", async () => {
    const client = await modernClient(owner);
    const run = dataOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: { name: "Bo" }, idempotencyKey: nextKey() } }));
    expect(run.status).toBe("queued");
    await waitForRun(run.id, "succeeded");
  });

  it("the same idempotencyKey returns the first run; the same key with other arguments is a 422", async () => {
    const client = await modernClient(owner);
    const k = nextKey();
    const first = dataOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: { name: "Cy" }, idempotencyKey: k } }));
    const again = dataOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: { name: "Cy" }, idempotencyKey: k } }));
    expect(again.id).toBe(first.id);
    expect(errorOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: { name: "Di" }, idempotencyKey: k } })).code).toBe("invalid_request");
    expect(await db.run.count({ where: { workflowId: w.a.workflow.id, input: { equals: { name: "Cy" } } } })).toBe(1);
    await waitForRun(first.id, "succeeded");
  });

  it("input that does not match the trigger's schema is the API's 422 with details; waitSeconds > 25 is refused", async () => {
    const client = await modernClient(owner);
    const bad = errorOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: {}, idempotencyKey: nextKey() } }));
    expect(bad).toMatchObject({ code: "invalid_request", details: expect.any(Array) });
    const long = errorOf(await client.callTool({ name: "runs_start", arguments: { id: w.a.workflow.id, input: { name: "x" }, idempotencyKey: nextKey(), waitSeconds: 60 } }));
    expect(long.details).toEqual([expect.objectContaining({ path: "waitSeconds" })]);
  });

  it("runs_cancel ends a run waiting for its approval", async () => {
    const wf = await gateWorkflow();
    const client = await modernClient(owner);
    const run = dataOf(await client.callTool({ name: "runs_start", arguments: { id: wf.id, idempotencyKey: nextKey(), waitSeconds: 20 } }));
    expect(run.status).toBe("waiting_approval");
    expect(dataOf(await client.callTool({ name: "runs_cancel", arguments: { id: run.id } })).status).toBe("canceled");
    expect(errorOf(await client.callTool({ name: "runs_cancel", arguments: { id: run.id } })).code).toBe("conflict");
  }, 30_000);
});

describe("approvals_decide", () => {
  async function pausedRun(config: Record<string, unknown> = {}, starter: Record<string, string> = owner) {
    const wf = await gateWorkflow(config);
    const client = await modernClient(starter);
    const run = dataOf(await client.callTool({ name: "runs_start", arguments: { id: wf.id, idempotencyKey: nextKey(), waitSeconds: 20 } }));
    expect(run.status).toBe("waiting_approval");
    const approvals = dataOf(await client.callTool({ name: "approvals_list", arguments: { runId: run.id } }));
    expect(approvals.data).toHaveLength(1);
    return { run, approval: approvals.data[0] };
  }

  it("asks the person to confirm (input required → elicitation), then approves; the run continues", async () => {
    const { run, approval } = await pausedRun({ approverRole: "project_contributor" }, (await headersOf(w.a.members.contributor.id)).headers);
    const asked: string[] = [];
    const client = await modernClient(owner, { onElicit: (message) => (asked.push(message), { action: "accept", content: { confirm: true } }) });
    const decided = dataOf(await client.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "approve", comment: "ship it" } }));
    expect(decided).toMatchObject({ id: approval.id, status: "approved", comment: "ship it", decidedBy: { id: w.a.owner.id } });
    expect(asked).toEqual([expect.stringContaining("Approve the approval \"Ship it?\"")]);
    await waitForRun(run.id, "succeeded");
    expect(await lastAudit(w.a.workspace.id, "approval.approved")).toMatchObject({ actorType: "token", actorId: w.a.token.row.id, targetId: approval.id });
  }, 30_000);

  it("a declined confirmation changes nothing", async () => {
    const { approval } = await pausedRun({}, (await headersOf(w.a.members.projectAdmin.id)).headers);
    const client = await modernClient(owner, { onElicit: () => ({ action: "decline" }) });
    expect(errorOf(await client.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "approve" } })).code).toBe("conflict");
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
  }, 30_000);

  it("a client without elicitation decides at once; reject fails the run", async () => {
    const { run, approval } = await pausedRun({}, (await headersOf(w.a.members.projectAdmin.id)).headers);
    const client = await modernClient(owner);
    expect(dataOf(await client.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "reject" } })).status).toBe("rejected");
    expect((await waitForRun(run.id, "failed")).error).toMatchObject({ code: "approval_rejected" });
  }, 30_000);

  it("is refused to the token that started the run, even where the gate allows self-approval; another token of the same user may", async () => {
    const { approval } = await pausedRun({ allowSelfApproval: true });
    const same = await modernClient(owner, { onElicit: () => ({ action: "accept", content: { confirm: true } }) });
    const refused = errorOf(await same.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "approve" } }));
    expect(refused).toMatchObject({ code: "forbidden", message: expect.stringContaining("This token started the run") });
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("pending");
    expect(await lastAudit(w.a.workspace.id, "authz.denied")).toMatchObject({ actorId: w.a.token.row.id, metadata: expect.objectContaining({ attempted: "approval.decide", reason: "same_token" }) });

    const other = await modernClient((await headersOf(w.a.owner.id)).headers);
    expect(dataOf(await other.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "approve" } })).status).toBe("approved");
  }, 30_000);

  it("a 2025-era client (no confirmation round) decides too", async () => {
    const { approval } = await pausedRun({}, (await headersOf(w.a.members.projectAdmin.id)).headers);
    const client = await legacyClient(owner);
    const result = await client.callTool({ name: "approvals_decide", arguments: { id: approval.id, decision: "approve" } });
    expect(dataOf(result as never).status).toBe("approved");
  }, 30_000);
});

describe("another tenant's ids", () => {
  it("answer exactly like missing ones: isError not_found, nothing changed", async () => {
    const foreignRun = dataOf(await (await modernClient(tokenHeaders(w.b.token.token, w.b.slug, "default"))).callTool({ name: "runs_start", arguments: { id: w.b.workflow.id, input: { name: "Eve" }, idempotencyKey: nextKey(), waitSeconds: 20 } }));
    const client = await modernClient(owner);
    const calls: [string, Record<string, unknown>][] = [
      ["runs_get", { id: foreignRun.id }],
      ["run_steps_list", { id: foreignRun.id }],
      ["runs_cancel", { id: foreignRun.id }],
      ["workflows_get", { id: w.b.workflow.id }],
      ["workflows_get", { id: w.b.workflow.slug }],
      ["workflows_publish", { id: w.b.workflow.id }],
      ["runs_start", { id: w.b.workflow.id, input: { name: "x" }, idempotencyKey: nextKey() }],
      ["approvals_decide", { id: "apr_01m92h4acjt2qg2q3rvhaj6z85", decision: "approve" }],
    ];
    for (const [name, args] of calls) {
      const error = errorOf(await client.callTool({ name, arguments: args }));
      expect(error.code, name).toBe("not_found");
      expect(error.requestId).toMatch(/^req/);
    }
    expect(await db.run.count({ where: { workflowId: w.b.workflow.id } })).toBe(1);
    expect((await db.run.findUniqueOrThrow({ where: { id: foreignRun.id } })).status).toBe(foreignRun.status);
    // The listing does not show them either.
    const listed = dataOf(await client.callTool({ name: "runs_list", arguments: {} }));
    expect(listed.data.map((r: { id: string }) => r.id)).not.toContain(foreignRun.id);
  }, 30_000);
});

describe("workflows_publish", () => {
  it("publishes the draft as the next version", async () => {
    const client = await modernClient(owner);
    const version = dataOf(await client.callTool({ name: "workflows_publish", arguments: { id: w.a.workflow.id, note: "from MCP" } }));
    expect(version).toMatchObject({ workflowId: w.a.workflow.id, number: 2, note: "from MCP" });
    expect(await lastAudit(w.a.workspace.id, "workflow.published")).toMatchObject({ actorType: "token", actorId: w.a.token.row.id });
  });
});
