import { describe, expect, it } from "vitest";
import { GET as templatesRoute } from "@/app/v1/workflow-templates/route";
import { db } from "@/lib/db/client";
import { STARTER_TEMPLATES } from "@/lib/workflows/starter-templates";
import { asToken, call, expectErrorShape, NO_AUTH } from "@/test/support/http";
import { api, world } from "./helpers";

// GET /v1/workflow-templates and POST /v1/workflows { templateId }.

const list = (headers: Record<string, string>) => call(templatesRoute, "/v1/workflow-templates", { headers });

describe("GET /v1/workflow-templates", () => {
  it("200 for a session and for a token: every template with its steps in run order, needs and graph", async () => {
    const w = await world();
    const res = await list(w.viewer);
    expect(res.status).toBe(200);
    expect(res.json.data.map((x: { id: string }) => x.id)).toEqual(STARTER_TEMPLATES.map((x) => x.id));
    const triage = res.json.data.find((x: { id: string }) => x.id === "support-triage");
    expect(triage.steps.map((s: { id: string }) => s.id)).toEqual(["trigger", "classify", "route", "approve", "reply", "refund", "done"]);
    expect(triage.steps[1]).toEqual({ id: "classify", type: "llm", name: "Classify" });
    expect(triage.needs.length).toBeGreaterThan(0);
    expect(triage.graph.nodes).toHaveLength(7);
    const token = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:read"], slug: w.a.slug });
    expect((await list(token)).status).toBe(200);
  });

  it("401 without a session or token", async () => {
    const res = await list(NO_AUTH);
    expect(res.status).toBe(401);
    expectErrorShape(res.json, res as unknown as Response, "unauthorized");
  });
});

describe("POST /v1/workflows with templateId", () => {
  it("201: the draft is the template's graph, its description the default, its issues the values to fill", async () => {
    const w = await world();
    const res = await api.create(w.contributor, { name: "Triage", templateId: "support-triage" });
    expect(res.status, res.text).toBe(201);
    const template = STARTER_TEMPLATES.find((x) => x.id === "support-triage")!;
    expect(res.json.draft.nodes.map((n: { id: string }) => n.id)).toEqual(template.graph.nodes.map((n) => n.id));
    expect(res.json.description).toBe(template.description);
    expect(res.json.issues).toEqual([expect.objectContaining({ code: "invalid_config", nodeId: "refund", field: "connectionId" })]);
    const own = await api.create(w.admin, { name: "Orders", description: "Mine", templateId: "order-pipeline" });
    expect(own.json).toMatchObject({ slug: "orders", description: "Mine", issues: [] });
  });

  it("401 anonymous, 403 viewer, 404 another tenant's project; nothing created", async () => {
    const w = await world();
    expect((await api.create(w.anonymous, { name: "x", templateId: "order-pipeline" })).status).toBe(401);
    expect((await api.create(w.viewer, { name: "x", templateId: "order-pipeline" })).status).toBe(403);
    const outsider = await api.create(w.outsider, { name: "x", templateId: "order-pipeline" });
    expect(outsider.status).toBe(404);
    expectErrorShape(outsider.json, outsider as unknown as Response, "not_found");
    expect(await db.workflow.count({ where: { workspaceId: w.a.workspace.id } })).toBe(0);
  });

  it("422: an unknown template, or a template and a graph together", async () => {
    const w = await world();
    const unknown = await api.create(w.admin, { name: "x", templateId: "no-such-template" });
    expect(unknown.status).toBe(422);
    expectErrorShape(unknown.json, unknown as unknown as Response, "invalid_request");
    expect(unknown.json.error.details).toEqual([expect.objectContaining({ path: "templateId" })]);
    const both = await api.create(w.admin, { name: "x", templateId: "order-pipeline", graph: { nodes: [], edges: [] } });
    expect(both.status).toBe(422);
    expect(both.json.error.details).toEqual([expect.objectContaining({ path: "templateId" })]);
    expect(await db.workflow.count({ where: { workspaceId: w.a.workspace.id } })).toBe(0);
  });
});
