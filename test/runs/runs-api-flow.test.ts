// The runs API with the real worker executing runs in-process: live events while a run
// executes, approvals deciding real gates (two at once → one continuation, one run.succeeded),
// cancel of a waiting and of a running run, and rerun from a node reusing earlier outputs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { POST as cancelRoute } from "@/app/v1/runs/[id]/cancel/route";
import { POST as rerunRoute } from "@/app/v1/runs/[id]/rerun/route";
import { GET as stepsRoute } from "@/app/v1/runs/[id]/steps/route";
import { GET as eventsRoute } from "@/app/v1/runs/[id]/events/route";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestWorkflow } from "@/test/factories/workflows";
import { allowLoopback, createVia } from "@/test/connections/helpers";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { call, inProject } from "@/test/support/http";
import { joinAs, tenant, type Person, type Tenant } from "@/test/support/world";
import { openSse } from "./sse-client";

const GATE_GRAPH = {
  nodes: [
    { id: "trigger", type: "trigger", config: { inputSchema: { type: "object" } } },
    { id: "gate", type: "approval", config: { message: "Ship {{ input.name }}?" } },
    { id: "output", type: "output", config: { expression: "steps.gate.output" } },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "gate" },
    { id: "e2", source: "gate", target: "output" },
  ],
};

let t: Tenant;
let admin2: Person;
let worker: TestWorker;
let hello: string;
let gated: string;
let restoreEgress: () => void;
let upstream: Server;
let upstreamHits = 0;

const hdr = (p: Person = t.owner) => (inProject(p, t.slug, t.project.slug));
const start = async (workflowId: string, input: unknown) => {
  const res = await call(startRoute, "/x", { method: "POST", headers: hdr(), body: { input }, params: { id: workflowId } });
  expect(res.status).toBe(201);
  return res.json as { id: string };
};
const eventTypes = async (runId: string) => (await db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } })).map((e) => e.type);

beforeAll(async () => {
  t = await tenant();
  await grantTestCredits(t.workspace.id, 1_000_000_000n);
  admin2 = await joinAs(t, "tenant_admin");
  hello = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id })).workflow.id;
  gated = (await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, graph: GATE_GRAPH })).workflow.id;
  // An upstream that never answers: a run calling it stays `running` until it is canceled.
  upstream = createServer(() => void upstreamHits++);
  await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
  restoreEgress = allowLoopback();
  worker = await startTestWorker({ maintenance: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  restoreEgress?.();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

describe("runs executing on the worker", () => {
  it("SSE: the events of a run arrive live while it executes, in order, then `end`", async () => {
    const run = await start(hello, { name: "Ada" });
    const s = await openSse(eventsRoute, "/x", { headers: hdr(), params: { id: run.id } });
    await Promise.race([s.ended, new Promise((_, reject) => setTimeout(() => reject(new Error("stream did not end")), 20_000))]);
    const messages = s.events.filter((e) => e.event === "message").map((e) => e.data as { seq: number; type: string });
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect(messages[0].type).toBe("run.queued");
    expect(messages.map((m) => m.type)).toContain("step.succeeded");
    expect(messages.at(-1)!.type).toBe("run.succeeded");
    expect(s.events.at(-1)!.event).toBe("end");
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).output).toEqual({ greeting: "Hello, Ada!" });
  }, 30_000);

  it("two concurrent approvals of a real gate: one continuation, one run.succeeded; /steps shows the approver", async () => {
    const run = await start(gated, { name: "v2" });
    await waitForRun(run.id, "waiting_approval");
    const approval = await db.approval.findFirstOrThrow({ where: { runId: run.id } });
    expect(approval).toMatchObject({ status: "pending", message: "Ship v2?", requestedById: t.owner.id });
    const results = await Promise.all([
      call(approveRoute, "/x", { method: "POST", headers: hdr(t.admin), body: { comment: "go" }, params: { id: approval.id } }),
      call(approveRoute, "/x", { method: "POST", headers: hdr(admin2), body: { comment: "go too" }, params: { id: approval.id } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.json;
    await waitForRun(run.id, "succeeded");
    await new Promise((r) => setTimeout(r, 300));
    const types = await eventTypes(run.id);
    expect(types.filter((x) => x === "run.succeeded")).toHaveLength(1);
    expect(types.filter((x) => x === "run.resumed")).toHaveLength(1);
    const steps = await call(stepsRoute, "/x", { headers: hdr(), params: { id: run.id } });
    const gate = steps.json.steps.find((s: { nodeId: string }) => s.nodeId === "gate");
    expect(gate).toMatchObject({ status: "succeeded", output: { approved: true, decidedById: winner.decidedBy.id }, approval: { status: "approved", decidedBy: { id: winner.decidedBy.id }, comment: winner.comment } });
  }, 30_000);

  it("cancel: a run waiting at its gate ends at once; a running run stops when the engine sees the request", async () => {
    const waiting = await start(gated, { name: "w" });
    await waitForRun(waiting.id, "waiting_approval");
    expect((await call(cancelRoute, "/x", { method: "POST", headers: hdr(), params: { id: waiting.id } })).json.status).toBe("canceled");
    expect((await db.approval.findFirstOrThrow({ where: { runId: waiting.id } })).status).toBe("canceled");

    const conn = await createVia(hdr(), { type: "api_key", provider: "custom", name: "slow", secret: "k-123456", fields: { baseUrl: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, headerName: "X-Key" } });
    expect(conn.status).toBe(201);
    const slow = await createTestWorkflow({
      workspaceId: t.workspace.id,
      projectId: t.project.id,
      graph: {
        nodes: [
          { id: "trigger", type: "trigger", config: {} },
          { id: "call", type: "http", config: { connectionId: conn.json.id, path: "/hang", timeoutMs: 60_000, retry: { maxAttempts: 1 } } },
          { id: "output", type: "output", config: {} },
        ],
        edges: [
          { id: "e1", source: "trigger", target: "call" },
          { id: "e2", source: "call", target: "output" },
        ],
      },
    });
    const hits = upstreamHits;
    const running = await start(slow.workflow.id, {});
    await waitForRun(running.id, "running");
    for (let i = 0; i < 200 && upstreamHits === hits; i++) await new Promise((r) => setTimeout(r, 50));
    expect(upstreamHits).toBe(hits + 1);
    const res = await call(cancelRoute, "/x", { method: "POST", headers: hdr(), params: { id: running.id } });
    expect(res.json).toMatchObject({ status: "running", cancelRequestedAt: expect.any(String) });
    await waitForRun(running.id, "canceled", 20_000);
    expect(await eventTypes(running.id)).toContain("run.cancel_requested");
  }, 60_000);

  it("rerun from a node: the steps before it are reused, not executed again", async () => {
    const original = await start(hello, { name: "Lin" });
    await waitForRun(original.id, "succeeded");
    const res = await call(rerunRoute, "/x", { method: "POST", headers: hdr(), body: { fromNodeId: "output" }, params: { id: original.id } });
    expect(res.status).toBe(201);
    const rerun = await waitForRun(res.json.id, "succeeded");
    expect(rerun.output).toEqual({ greeting: "Hello, Lin!" });
    const steps = await db.runStep.findMany({ where: { runId: rerun.id }, orderBy: { seq: "asc" } });
    expect(steps.map((s) => [s.nodeId, s.status, s.attempts])).toEqual([
      ["trigger", "reused", 0],
      ["greet", "reused", 0],
      ["output", "succeeded", 1],
    ]);
    const started = (await db.runEvent.findMany({ where: { runId: rerun.id, type: "step.started" } })).map((e) => e.nodeId);
    expect(started).toEqual(["output"]);
  }, 30_000);
});
