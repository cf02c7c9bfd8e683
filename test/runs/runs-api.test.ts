// POST /v1/workflows/{id}/runs, GET /v1/runs, GET /v1/runs/{id}: starting (versions, drafts,
// input validation, budgets and credit holds) and reading, with 401/403/404/422 and tenancy.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { GET as listRoute } from "@/app/v1/runs/route";
import { GET as getRoute } from "@/app/v1/runs/[id]/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, tenant, type Tenant } from "@/test/support/world";

let t: Tenant;
let foreign: Tenant;
let wf: Awaited<ReturnType<typeof createTestWorkflow>>;
let h: Record<string, string>;

const start = (id: string, body: unknown, headers = h) => call(startRoute, `/v1/workflows/${id}/runs`, { method: "POST", headers, body, params: { id } });
const project = (tt: Tenant) => ({ "x-project-id": tt.project.slug });

beforeAll(async () => {
  [t, foreign] = await Promise.all([tenant({ credits: true }), tenant({ credits: true })]);
  wf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, createdById: t.owner.id });
  h = { ...as(t.owner, t.slug), ...project(t) };
});

describe("POST /v1/workflows/{id}/runs", () => {
  it("201: a queued run of the latest version, its run.queued event and a hold of its expected cost (3 steps × 100), not its budget", async () => {
    const before = await db.workspaceBalance.findUnique({ where: { workspaceId: t.workspace.id } });
    const res = await start(wf.workflow.id, { input: { name: "Ada" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: "queued", trigger: "console", versionNumber: 1, workflowId: wf.workflow.id, input: { name: "Ada" }, budget: 1_000_000, creditHold: 300, spent: 0, unit: "usd_micros", startedById: t.owner.id });
    expect(res.json.workflow).toEqual({ id: wf.workflow.id, slug: wf.workflow.slug, name: wf.workflow.name });
    const events = await db.runEvent.findMany({ where: { runId: res.json.id } });
    expect(events.map((e) => e.type)).toEqual(["run.queued"]);
    const after = await db.workspaceBalance.findUnique({ where: { workspaceId: t.workspace.id } });
    expect(after!.held - before!.held).toBe(300n);
    const row = await db.run.findUniqueOrThrow({ where: { id: res.json.id } });
    expect(row.graph).toMatchObject({ nodes: wf.graph.nodes.map((n) => ({ id: n.id })) });
  });

  it("201 by slug with a token (trigger api), an explicit version and budget; the project's default budget otherwise", async () => {
    const token = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    const res = await start(wf.workflow.slug, { input: { name: "Bob" }, version: 1, budget: 5000 }, { ...token, ...project(t) });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ trigger: "api", budget: 5000, creditHold: 300, startedById: t.owner.id });
    expect(res.json.startedByTokenId).toMatch(/^tok_/);
    await db.project.update({ where: { id: t.project.id }, data: { defaultRunBudget: 7777n } });
    try {
      expect((await start(wf.workflow.id, { input: { name: "C" } })).json.budget).toBe(7777);
    } finally {
      await db.project.update({ where: { id: t.project.id }, data: { defaultRunBudget: null } });
    }
  });

  it("draft test runs: trigger test, no version; need workflow.write", async () => {
    const draftOnly = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, publish: false });
    expect((await start(draftOnly.workflow.id, { input: { name: "x" } })).status).toBe(404);
    const res = await start(draftOnly.workflow.id, { input: { name: "x" }, draft: true });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ trigger: "test", versionNumber: null });
    const runOnly = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    const denied = await start(draftOnly.workflow.id, { input: { name: "x" }, draft: true }, { ...runOnly, ...project(t) });
    expect(denied.status).toBe(403);
    expect(denied.json.error.code).toBe("insufficient_scope");
  });

  it("401 without credentials", async () => {
    expect((await start(wf.workflow.id, { input: { name: "x" } }, project(t))).status).toBe(401);
  });

  it("403 for a project viewer and for a token without workflow:run", async () => {
    const viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
    expect((await start(wf.workflow.id, { input: { name: "x" } }, { ...as(viewer, t.slug), ...project(t) })).status).toBe(403);
    const readOnly = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:read"] });
    const res = await start(wf.workflow.id, { input: { name: "x" } }, { ...readOnly, ...project(t) });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
  });

  it("404 for an unknown workflow, a missing version, and another tenant's workflow (no run created)", async () => {
    expect((await start("wf_doesnotexist", { input: { name: "x" } })).status).toBe(404);
    expect((await start(wf.workflow.id, { input: { name: "x" }, version: 99 })).status).toBe(404);
    const theirs = await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id });
    const res = await start(theirs.workflow.id, { input: { name: "x" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
    expect(await db.run.count({ where: { workflowId: theirs.workflow.id } })).toBe(0);
  });

  it("422 when the input does not match the trigger's schema, with field details", async () => {
    const res = await start(wf.workflow.id, { input: { name: 42 } });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "input.name" })]));
    const missing = await start(wf.workflow.id, { input: {} });
    expect(missing.json.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "input.name" })]));
    expect((await start(wf.workflow.id, { input: { name: "x" }, budget: -1 })).status).toBe(422);
    expect((await start(wf.workflow.id, { input: { name: "x" }, workspaceId: foreign.workspace.id })).status).toBe(422);
    expect((await start(wf.workflow.id, { input: { name: "x" }, draft: true, version: 1 })).status).toBe(422);
    expect((await start(wf.workflow.id, "{not json")).status).toBe(422);
  });

  it("402 when the workspace has no credits left", async () => {
    const broke = await tenant();
    const w = await createTestWorkflow({ workspaceId: broke.workspace.id, projectId: broke.project.id });
    const res = await start(w.workflow.id, { input: { name: "x" } }, { ...as(broke.owner, broke.slug), ...project(broke) });
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe("insufficient_credits");
    expect(await db.run.count({ where: { workflowId: w.workflow.id } })).toBe(0);
  });
});

describe("GET /v1/runs and /v1/runs/{id}", () => {
  let other: Awaited<ReturnType<typeof createTestWorkflow>>;
  let ids: string[];
  beforeAll(async () => {
    other = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    ids = [];
    for (const name of ["a", "b", "c"]) ids.push((await start(other.workflow.id, { input: { name } })).json.id);
    await db.run.update({ where: { id: ids[0] }, data: { status: "failed" } });
  });

  it("200: newest first, cursor pages, filters by workflow, status, trigger, version and time", async () => {
    const list = (query: Record<string, string>) => call(listRoute, "/v1/runs", { headers: h, query: { workflow: other.workflow.slug, ...query } });
    const all = await list({});
    expect(all.status).toBe(200);
    expect(all.json.data.map((r: { id: string }) => r.id)).toEqual([...ids].reverse());
    const page1 = await list({ limit: "2" });
    expect(page1.json.data).toHaveLength(2);
    const page2 = await list({ limit: "2", cursor: page1.json.nextCursor });
    expect(page2.json.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect(page2.json.nextCursor).toBeNull();
    expect((await list({ status: "failed" })).json.data.map((r: { id: string }) => r.id)).toEqual([ids[0]]);
    expect((await list({ trigger: "api" })).json.data).toEqual([]);
    expect((await list({ version: "1" })).json.data).toHaveLength(3);
    expect((await list({ version: "2" })).json.data).toHaveLength(0);
    expect((await list({ workflow: other.workflow.id })).json.data).toHaveLength(3);
    expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).json.data).toHaveLength(0);
    expect((await list({ to: new Date(Date.now() + 60_000).toISOString() })).json.data).toHaveLength(3);
  });

  it("another tenant's runs are never listed, and read as 404", async () => {
    const theirs = await createTestWorkflow({ workspaceId: foreign.workspace.id, projectId: foreign.project.id });
    const run = await start(theirs.workflow.id, { input: { name: "z" } }, { ...as(foreign.owner, foreign.slug), ...project(foreign) });
    expect(run.status).toBe(201);
    const mine = await call(listRoute, "/v1/runs", { headers: h, query: { limit: "200" } });
    expect(mine.json.data.some((r: { id: string }) => r.id === run.json.id)).toBe(false);
    const res = await call(getRoute, `/v1/runs/${run.json.id}`, { headers: h, params: { id: run.json.id } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("GET /v1/runs/{id}: 200 with the graph snapshot; 401; 403 for a token without workflow:read; 404", async () => {
    const res = await call(getRoute, `/v1/runs/${ids[1]}`, { headers: h, params: { id: ids[1] } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: ids[1], status: "queued", graph: { nodes: expect.any(Array) } });
    expect((await call(getRoute, `/v1/runs/${ids[1]}`, { headers: project(t), params: { id: ids[1] } })).status).toBe(401);
    const runOnly = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"] });
    expect((await call(getRoute, `/v1/runs/${ids[1]}`, { headers: { ...runOnly, ...project(t) }, params: { id: ids[1] } })).status).toBe(403);
    expect((await call(getRoute, "/v1/runs/run_nope", { headers: h, params: { id: "run_nope" } })).status).toBe(404);
  });

  it("GET /v1/runs: 401, 403, 422", async () => {
    expect((await call(listRoute, "/v1/runs", { headers: project(t) })).status).toBe(401);
    const adminOnly = await asToken(t.owner, t.workspace.id, { scopes: ["workspace:read"] });
    expect((await call(listRoute, "/v1/runs", { headers: { ...adminOnly, ...project(t) } })).status).toBe(403);
    expect((await call(listRoute, "/v1/runs", { headers: h, query: { status: "sleeping" } })).status).toBe(422);
    expect((await call(listRoute, "/v1/runs", { headers: h, query: { version: "0x1" } })).status).toBe(422);
    expect((await call(listRoute, "/v1/runs", { headers: h, query: { from: "yesterday" } })).status).toBe(422);
  });
});
