// POST /v1/runs/{id}/cancel, POST /v1/runs/{id}/rerun and GET /v1/runs/{id}/steps on runs
// put in each state directly (the engine's own behaviour is covered in runs-api-flow.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { POST as cancelRoute } from "@/app/v1/runs/[id]/cancel/route";
import { POST as rerunRoute } from "@/app/v1/runs/[id]/rerun/route";
import { GET as stepsRoute } from "@/app/v1/runs/[id]/steps/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { asToken, call, inProject } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Person, type Tenant } from "@/test/support/world";

let t: Tenant;
let foreign: Tenant;
let viewer: Person;
let wf: Awaited<ReturnType<typeof createTestWorkflow>>;

const hdr = (p: Person, tt: Tenant = t) => (inProject(p, tt.slug, tt.project.slug));
const post = (route: typeof cancelRoute, id: string, body: unknown = {}, headers = hdr(t.owner)) => call(route, "/x", { method: "POST", headers, body, params: { id } });

async function newRun(tt: Tenant = t, workflowId = wf.workflow.id) {
  const res = await call(startRoute, "/x", { method: "POST", headers: hdr(tt.owner, tt), body: { input: { name: "Ada" } }, params: { id: workflowId } });
  expect(res.status).toBe(201);
  return res.json as { id: string };
}

/** The steps a finished run of the hello graph leaves behind. */
async function completeHello(runId: string) {
  const base = { workspaceId: t.workspace.id, projectId: t.project.id, runId, startedAt: new Date(Date.now() - 5000), finishedAt: new Date(Date.now() - 4000) };
  await db.runStep.createMany({
    data: [
      { ...base, id: newId("runStep"), nodeId: "trigger", nodeType: "trigger", seq: 1, status: "succeeded", attempts: 1, output: { name: "Ada" } },
      { ...base, id: newId("runStep"), nodeId: "greet", nodeType: "transform", seq: 2, status: "succeeded", attempts: 1, input: { expression: "…" }, output: { greeting: "Hello, Ada!" }, latencyMs: 3 },
      { ...base, id: newId("runStep"), nodeId: "output", nodeType: "output", seq: 3, status: "failed", attempts: 1, error: { code: "boom" } },
    ],
  });
  await db.run.update({ where: { id: runId }, data: { status: "failed", finishedAt: new Date(), creditHold: 0n } });
}

beforeAll(async () => {
  [t, foreign] = await Promise.all([tenant({ credits: 1_000_000_000n }), tenant({ credits: true })]);
  wf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
  viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
});

describe("POST /v1/runs/{id}/cancel", () => {
  it("a queued run is canceled at once: run.canceled, hold released, audited; again → 409", async () => {
    const run = await newRun();
    const res = await post(cancelRoute, run.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: run.id, status: "canceled", creditHold: 0 });
    const types = (await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["run.queued", "run.canceled"]);
    expect(await lastAudit(t.workspace.id, "run.canceled")).toMatchObject({ targetId: run.id, actorId: t.owner.id });
    const again = await post(cancelRoute, run.id);
    expect(again.status).toBe(409);
  });

  it("a run waiting for an approval is canceled with its approval", async () => {
    const run = await newRun();
    await db.run.update({ where: { id: run.id }, data: { status: "waiting_approval" } });
    const approval = await db.approval.create({
      data: { id: newId("approval"), workspaceId: t.workspace.id, projectId: t.project.id, runId: run.id, nodeId: "greet", message: "ok?", approverRole: "project_admin", expiresAt: new Date(Date.now() + 60_000) },
    });
    expect((await post(cancelRoute, run.id)).json.status).toBe("canceled");
    expect((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe("canceled");
  });

  it("a running run gets cancelRequestedAt and run.cancel_requested (once); the engine stops it", async () => {
    const run = await newRun();
    await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
    const res = await post(cancelRoute, run.id);
    expect(res.status).toBe(200);
    expect(res.json.status).toBe("running");
    expect(res.json.cancelRequestedAt).not.toBeNull();
    await post(cancelRoute, run.id);
    expect(await db.runEvent.count({ where: { runId: run.id, type: "run.cancel_requested" } })).toBe(1);
  });

  it("401, 403 for a viewer, 404 for another tenant's run (unchanged)", async () => {
    const run = await newRun();
    expect((await post(cancelRoute, run.id, {}, { "x-project-id": t.project.slug } as never)).status).toBe(401);
    expect((await post(cancelRoute, run.id, {}, hdr(viewer))).status).toBe(403);
    const theirs = await newRun(foreign, (await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id })).workflow.id);
    expect((await post(cancelRoute, theirs.id)).status).toBe(404);
    expect((await db.run.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("queued");
  });
});

describe("POST /v1/runs/{id}/rerun", () => {
  it("201: a new run of the same version and input, trigger rerun, rerunOfId set; a new input from the start", async () => {
    const run = await newRun();
    const res = await post(rerunRoute, run.id);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ trigger: "rerun", rerunOfId: run.id, rerunFromNodeId: null, versionNumber: 1, input: { name: "Ada" }, status: "queued" });
    const other = await post(rerunRoute, run.id, { input: { name: "Grace" } });
    expect(other.json.input).toEqual({ name: "Grace" });
  });

  it("fromNodeId copies the earlier steps as reused with their outputs; the rest is left to execute", async () => {
    const run = await newRun();
    await completeHello(run.id);
    const res = await post(rerunRoute, run.id, { fromNodeId: "output" });
    expect(res.status).toBe(201);
    expect(res.json.rerunFromNodeId).toBe("output");
    const steps = await db.runStep.findMany({ where: { runId: res.json.id }, orderBy: { seq: "asc" } });
    expect(steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
      ["trigger", "reused", { name: "Ada" }],
      ["greet", "reused", { greeting: "Hello, Ada!" }],
    ]);
    const types = (await db.runEvent.findMany({ where: { runId: res.json.id }, orderBy: { seq: "asc" } })).map((e) => [e.type, e.nodeId]);
    expect(types).toEqual([["run.queued", null], ["step.reused", "trigger"], ["step.reused", "greet"]]);
  });

  it("422: unknown node, an earlier step that did not complete, fromNodeId with a new input, bad body", async () => {
    const run = await newRun();
    expect((await post(rerunRoute, run.id, { fromNodeId: "nope" })).status).toBe(422);
    const res = await post(rerunRoute, run.id, { fromNodeId: "output" });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/did not complete/);
    expect((await post(rerunRoute, run.id, { fromNodeId: "greet", input: {} })).status).toBe(422);
    expect((await post(rerunRoute, run.id, { fromNodeId: "Bad Id" })).status).toBe(422);
  });

  it("401, 403 for a viewer and for a read-only token, 404 for another tenant's run (nothing started)", async () => {
    const run = await newRun();
    expect((await post(rerunRoute, run.id, {}, { "x-project-id": t.project.slug } as never)).status).toBe(401);
    expect((await post(rerunRoute, run.id, {}, hdr(viewer))).status).toBe(403);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:read"] });
    expect((await post(rerunRoute, run.id, {}, { ...token, "x-project-id": t.project.slug })).status).toBe(403);
    const theirWf = await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id });
    const theirs = await newRun(foreign, theirWf.workflow.id);
    expect((await post(rerunRoute, theirs.id)).status).toBe(404);
    expect(await db.run.count({ where: { rerunOfId: theirs.id } })).toBe(0);
  });
});

describe("GET /v1/runs/{id}/steps", () => {
  it("200: every step with input, output, error, attempts, latency, cost, plus usage records and totals", async () => {
    const run = await newRun();
    await completeHello(run.id);
    await db.usageRecord.create({
      data: { id: newId("usage"), workspaceId: t.workspace.id, projectId: t.project.id, runId: run.id, workflowId: wf.workflow.id, nodeId: "greet", attempt: 1, kind: "step", cost: 100n, charge: 100n, idempotencyKey: `${run.id}:greet:1:step` },
    });
    const res = await call(stepsRoute, "/x", { headers: hdr(viewer), params: { id: run.id } });
    expect(res.status).toBe(200);
    expect(res.json.run).toMatchObject({ id: run.id, status: "failed" });
    expect(res.json.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(["trigger", "greet", "output"]);
    expect(res.json.steps[1]).toMatchObject({ nodeName: "Greet", status: "succeeded", attempts: 1, latencyMs: 3, output: { greeting: "Hello, Ada!" }, approval: null, usage: [{ kind: "step", charge: 100 }] });
    expect(res.json.steps[2].error).toEqual({ code: "boom" });
    // The transform's row holds its expression; `reads` is the data it was evaluated against.
    expect(res.json.steps[1].reads).toEqual({ input: { name: "Ada" } });
    expect(res.json.steps[0].reads).toBeNull();
    expect(res.json.totals).toEqual({ cost: 100, charge: 100, tokensIn: 0, tokensOut: 0, unit: "usd_micros" });
  });

  it("401, 403 for a token without workflow:read, 404 for another tenant's run", async () => {
    const run = await newRun();
    expect((await call(stepsRoute, "/x", { headers: { "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(401);
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(stepsRoute, "/x", { headers: { ...token, "x-project-id": t.project.slug }, params: { id: run.id } })).status).toBe(403);
    const theirs = await newRun(foreign, (await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id })).workflow.id);
    expect((await call(stepsRoute, "/x", { headers: hdr(t.owner), params: { id: theirs.id } })).status).toBe(404);
  });
});
