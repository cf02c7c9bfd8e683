// Drafts save even with unfinished steps (empty prompt, no connection yet): PATCH and POST store
// them and report `invalid_config` issues per field; publishing and draft test runs refuse them
// with 422 and field-level details.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { createTestWorkflow } from "@/test/factories/workflows";
import { call } from "@/test/support/http";
import { edge, output, transform, trigger } from "./graphs";
import { api, world } from "./helpers";

// What the editor sends right after "Add step → LLM" and "Add step → HTTP request".
const unfinished = () => ({
  nodes: [
    trigger(),
    { id: "llm", type: "llm", name: "LLM", position: { x: 0, y: 140 }, config: { role: "default", prompt: "" } },
    { id: "http", type: "http", name: "HTTP request", position: { x: 0, y: 280 }, config: { connectionId: "", method: "GET", path: "/", headers: {} } },
    // An unfinished step's other fields are not checked until it is finished.
    { id: "transform", type: "transform", config: { expression: "" } },
    output(),
  ],
  edges: [edge("trigger", "llm"), edge("llm", "http"), edge("http", "transform"), edge("transform", "output")],
});

const configIssues = (issues: Array<{ code: string; nodeId?: string; field?: string; message: string }>) =>
  issues.filter((i) => i.code === "invalid_config").map((i) => [i.nodeId, i.field, i.message]);

describe("unfinished drafts", () => {
  it("PATCH 200: stores the draft as sent, bumps the revision, reports each unfinished field; GET returns the same", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, publish: false });
    const res = await api.patch(w.admin, workflow.id, { graph: unfinished(), draftRevision: 1 });
    expect(res.status).toBe(200);
    expect(res.json.draftRevision).toBe(2);
    expect(configIssues(res.json.issues)).toEqual([
      ["llm", "prompt", "prompt: Required"],
      ["http", "connectionId", "connectionId: Required"],
      ["transform", "expression", "expression: Required"],
    ]);
    // Unfinished steps are skipped by the config checks (no unknown_connection, no invalid_expression).
    expect(res.json.issues.map((i: { code: string }) => i.code)).toEqual(["invalid_config", "invalid_config", "invalid_config"]);
    const row = await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } });
    expect((row.draft as { nodes: Array<{ id: string; config: object }> }).nodes.find((n) => n.id === "llm")?.config).toEqual({ role: "default", prompt: "" });
    const read = await api.get(w.viewer, workflow.id);
    expect(read.json.draft.nodes.map((n: { id: string }) => n.id)).toEqual(["trigger", "llm", "http", "transform", "output"]);
    expect(configIssues(read.json.issues)).toEqual(configIssues(res.json.issues));
  });

  it("structure is still checked around unfinished steps (unreachable, missing output)", async () => {
    const w = await world();
    const res = await api.create(w.contributor, {
      name: "Half built",
      graph: { nodes: [trigger(), { id: "ask", type: "llm", config: {} }], edges: [] },
    });
    expect(res.status).toBe(201);
    expect(res.json.issues.map((i: { code: string; nodeId?: string }) => [i.code, i.nodeId ?? null])).toEqual([
      ["invalid_config", "ask"],
      ["missing_output", null],
      ["unreachable", "ask"],
    ]);
  });

  it("publish 422 with a detail per field; nothing published; publishing works once the steps are finished", async () => {
    const w = await world();
    const wf = (await api.create(w.admin, { name: "Unfinished", graph: unfinished() })).json;
    const res = await api.publish(w.admin, wf.id);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details).toEqual([
      { path: "graph.nodes.llm.config.prompt", message: "[invalid_config] prompt: Required" },
      { path: "graph.nodes.http.config.connectionId", message: "[invalid_config] connectionId: Required" },
      { path: "graph.nodes.transform.config.expression", message: "[invalid_config] expression: Required" },
    ]);
    expect(await db.workflowVersion.count({ where: { workflowId: wf.id } })).toBe(0);
    const finished = { nodes: [trigger(), transform("transform", '"done"'), output()], edges: [edge("trigger", "transform"), edge("transform", "output")] };
    expect((await api.patch(w.admin, wf.id, { graph: finished })).json.issues).toEqual([]);
    expect((await api.publish(w.admin, wf.id)).status).toBe(201);
  });

  it("a draft test run of an unfinished draft is 422 and starts nothing", async () => {
    const w = await world();
    const wf = (await api.create(w.admin, { name: "Unfinished run", graph: unfinished() })).json;
    const res = await call(startRoute, `/v1/workflows/${wf.id}/runs`, { method: "POST", headers: w.admin, body: { input: {}, draft: true }, params: { id: wf.id } });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error.details)).toContain("prompt");
    expect(await db.run.count({ where: { workflowId: wf.id } })).toBe(0);
  });

  it("401, 403 viewer, 404 other tenant (row unchanged), 422 for what is not a draft at all", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, publish: false });
    expect((await api.patch(w.anonymous, workflow.id, { graph: unfinished() })).status).toBe(401);
    expect((await api.patch(w.viewer, workflow.id, { graph: unfinished() })).status).toBe(403);
    expect((await api.patch(w.foreign, workflow.id, { graph: unfinished() })).status).toBe(404);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } })).draftRevision).toBe(1);
    const notDrafts = [
      { nodes: [{ id: "a", type: "teleport", config: {} }], edges: [] },
      { nodes: [{ id: "a", type: "llm", config: "prompt" }], edges: [] },
      { nodes: [{ id: "a", type: "llm" }], edges: [] },
      { nodes: [{ id: "a", type: "llm", config: {}, extra: 1 }], edges: [] },
      { nodes: [], edges: [{ id: "e", source: "Bad Id", target: "a" }] },
    ];
    for (const graph of notDrafts) expect((await api.patch(w.admin, workflow.id, { graph })).status, JSON.stringify(graph)).toBe(422);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } })).draftRevision).toBe(1);
  });
});
