import { describe, expect, it } from "vitest";
import { POST as previewRoute } from "@/app/v1/workflows/[id]/preview-expression/route";
import { newId } from "@/lib/core/ids";
import { db } from "@/lib/db/client";
import { createTestWorkflow } from "@/test/factories/workflows";
import { createTestRun } from "@/test/factories/runs";
import { asToken, call, expectErrorShape } from "@/test/support/http";
import { world } from "./helpers";

type H = Record<string, string>;
const preview = (headers: H, id: string, body: unknown) => call(previewRoute, `/v1/workflows/${id}/preview-expression`, { method: "POST", headers, body, params: { id } });

/** A workflow of tenant a's default project with a finished test run: input {name:"Ada"}, step `fetch` output {x:42}. */
async function withRun(w: Awaited<ReturnType<typeof world>>) {
  const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, publish: false });
  const run = await createTestRun(workflow, { status: "succeeded" });
  await db.run.update({ where: { id: run.id }, data: { input: { name: "Ada" }, trigger: "test" } });
  const step = { workspaceId: workflow.workspaceId, projectId: workflow.projectId, runId: run.id, nodeType: "http" };
  await db.runStep.create({ data: { ...step, id: newId("runStep"), nodeId: "fetch", seq: 1, status: "succeeded", output: { x: 42, items: [1, 2, 3] } } });
  await db.runStep.create({ data: { ...step, id: newId("runStep"), nodeId: "broken", seq: 2, status: "failed", output: { secret: "never seen" } } });
  return { workflow, run };
}

describe("POST /v1/workflows/{id}/preview-expression", () => {
  it("200: evaluates against the run's input and succeeded outputs, with the engine's evaluator", async () => {
    const w = await world();
    const { workflow, run } = await withRun(w);
    const expr = await preview(w.contributor, workflow.id, { expression: "steps.fetch.output.x * 2", runId: run.id });
    expect(expr.status).toBe(200);
    expect(expr.json).toEqual({ ok: true, value: 84, error: null, source: "run" });
    const tpl = await preview(w.admin, workflow.slug, { expression: "Hi {{ input.name }}, {{ $sum(steps.fetch.output.items) }}", mode: "template", runId: run.id });
    expect(tpl.json).toEqual({ ok: true, value: "Hi Ada, 6", error: null, source: "run" });
    // A failed step's output is not in the scope, as in the engine.
    expect((await preview(w.admin, workflow.id, { expression: "steps.broken.output.secret", runId: run.id })).json.value).toBeNull();
  });

  it("200: without a run, evaluates against the given input", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    const res = await preview(w.admin, workflow.id, { expression: "input.amount > 100", input: { amount: 150 } });
    expect(res.json).toEqual({ ok: true, value: true, error: null, source: "input" });
  });

  it("200 with ok:false: syntax errors, runtime errors and the engine's deadline are shown, not thrown", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    const syntax = await preview(w.admin, workflow.id, { expression: "input.(" });
    expect(syntax.status).toBe(200);
    expect(syntax.json.ok).toBe(false);
    expect(syntax.json.error).toMatch(/^Invalid expression/);
    const runtime = await preview(w.admin, workflow.id, { expression: '"a" + 1' });
    expect(runtime.json).toMatchObject({ ok: false, value: null });
    expect(runtime.json.error).toMatch(/^Expression failed/);
    const started = Date.now();
    const slow = await preview(w.admin, workflow.id, { expression: "($f := function($n){ $n = 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(40))" });
    expect(slow.json.ok).toBe(false);
    expect(slow.json.error).toMatch(/longer than|stack|depth|Expression failed/i);
    // The hard deadline (1.5 s) bounds it; generous margin for a loaded machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("401 anonymous; 403 viewer and read-only token", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    const anon = await preview(w.anonymous, workflow.id, { expression: "1" });
    expect(anon.status).toBe(401);
    expectErrorShape(anon.json, { headers: anon.headers } as Response);
    const viewer = await preview(w.viewer, workflow.id, { expression: "1" });
    expect(viewer.status).toBe(403);
    expectErrorShape(viewer.json, { headers: viewer.headers } as Response, "forbidden");
    const readOnly = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:read"], slug: w.a.slug });
    expect((await preview({ ...readOnly, "x-project-id": "default" }, workflow.id, { expression: "1" })).status).toBe(403);
  });

  it("404: unknown workflow, another tenant's workflow or run, a run of another workflow", async () => {
    const w = await world();
    const { workflow, run } = await withRun(w);
    const other = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    expect((await preview(w.admin, "wf_missing", { expression: "1" })).status).toBe(404);
    const foreign = await preview(w.foreign, workflow.id, { expression: "1" });
    expect(foreign.status).toBe(404);
    expectErrorShape(foreign.json, { headers: foreign.headers } as Response, "not_found");
    expect((await preview(w.outsider, workflow.id, { expression: "1" })).status).toBe(404);
    const wrongRun = await preview(w.admin, other.workflow.id, { expression: "input.name", runId: run.id });
    expect(wrongRun.status).toBe(404);
    expect(JSON.stringify(wrongRun.json)).not.toContain("Ada");
    const bWorkflow = await createTestWorkflow({ workspaceId: w.b.workspace.id, projectId: w.b.project.id });
    expect((await preview(w.foreign, bWorkflow.workflow.id, { expression: "input.name", runId: run.id })).status).toBe(404);
  });

  it("422: missing or oversized expression, unknown mode, injected fields", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    for (const body of [{}, { expression: 1 }, { expression: "x".repeat(10_001) }, { expression: "1", mode: "sql" }, { expression: "1", workspaceId: w.b.workspace.id }, { expression: "1", runId: "" }]) {
      const res = await preview(w.admin, workflow.id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(422);
      expectErrorShape(res.json, { headers: res.headers } as Response, "invalid_request");
    }
  });
});
