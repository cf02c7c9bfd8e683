import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { helloGraph } from "@/lib/workflows/templates";
import { createTestWorkflow } from "@/test/factories/workflows";
import { asToken } from "@/test/support/http";
import { lastAudit } from "@/test/support/world";
import { chain, edge, graph, output, transform, trigger } from "./graphs";
import { api, world } from "./helpers";

describe("POST /v1/workflows", () => {
  it("201: creates a trigger → output draft by default, derives a unique slug, audits", async () => {
    const w = await world();
    const res = await api.create(w.admin, { name: "Send Weekly Report!" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ slug: "send-weekly-report", name: "Send Weekly Report!", description: null, draftRevision: 1, latestVersion: 0, issues: [], createdById: w.a.admin.id });
    expect(res.json.draft.nodes.map((n: { type: string }) => n.type)).toEqual(["trigger", "output"]);
    expect(res.json.id).toMatch(/^wf_/);
    const again = await api.create(w.admin, { name: "send weekly report" });
    expect(again.json.slug).toBe("send-weekly-report-2");
    const audit = await lastAudit(w.a.workspace.id, "workflow.created");
    expect(audit).toMatchObject({ targetId: again.json.id, actorId: w.a.admin.id, projectId: w.a.project.id });
  });

  it("saves a draft with issues and returns them; contributors may create", async () => {
    const w = await world();
    const broken = graph([trigger(), transform("a", "steps.ghost.output")], [edge("trigger", "a")]);
    const res = await api.create(w.contributor, { name: "Broken", slug: "broken", graph: broken });
    expect(res.status).toBe(201);
    expect(res.json.issues.map((i: { code: string }) => i.code).sort()).toEqual(["missing_output", "unknown_reference"]);
    expect((await db.workflow.findFirstOrThrow({ where: { id: res.json.id } })).slug).toBe("broken");
  });

  it("409 on a taken slug; the same slug is fine in another project", async () => {
    const w = await world();
    expect((await api.create(w.admin, { name: "A", slug: "same" })).status).toBe(201);
    expect((await api.create(w.admin, { name: "B", slug: "same" })).status).toBe(409);
    expect((await api.create({ ...w.admin, "x-project-id": w.a.other.slug }, { name: "C", slug: "same" })).status).toBe(201);
  });

  it("401 anonymous, 403 viewer and read-only token, 404 outsider; nothing created", async () => {
    const w = await world();
    expect((await api.create(w.anonymous, { name: "x" })).status).toBe(401);
    expect((await api.create(w.viewer, { name: "x" })).status).toBe(403);
    const readOnly = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:read"], slug: w.a.slug });
    expect((await api.create({ ...readOnly, "x-project-id": "default" }, { name: "x" })).status).toBe(403);
    expect((await api.create(w.outsider, { name: "x" })).status).toBe(404);
    expect(await db.workflow.count({ where: { workspaceId: w.a.workspace.id } })).toBe(0);
  });

  it("422: missing name, bad slug, malformed graph, injected fields", async () => {
    const w = await world();
    const bad = [
      {},
      { name: "" },
      { name: "x", slug: "Has_Underscore" },
      { name: "x", slug: "wf_looks_like_an_id" },
      { name: "x", graph: { nodes: [{ id: "Bad Id", type: "trigger", config: {} }], edges: [] } },
      { name: "x", graph: { nodes: [{ id: "a", type: "teleport", config: {} }], edges: [] } },
      { name: "x", workspaceId: w.b.workspace.id },
      { name: "x", latestVersion: 7 },
      // jsonb cannot store a lone surrogate: refused up front, not a 500 on insert.
      { name: "x", graph: { nodes: [{ id: "trigger", type: "trigger", name: "bad \udfff", config: {} }], edges: [] } },
    ];
    for (const body of bad) expect((await api.create(w.admin, body)).status, JSON.stringify(body)).toBe(422);
    expect((await api.create(w.admin, "{not json")).status).toBe(422);
  });
});

describe("GET /v1/workflows", () => {
  it("200: lists the project's workflows newest first, paginates, filters by q, never another project's", async () => {
    const w = await world();
    for (const name of ["Alpha report", "Beta sync", "Gamma report"]) await api.create(w.admin, { name });
    await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.other.id, slug: "elsewhere" });
    await createTestWorkflow({ workspaceId: w.b.workspace.id, projectId: w.b.project.id, slug: "foreign" });
    const all = await api.list(w.viewer);
    expect(all.status).toBe(200);
    expect(all.json.data.map((x: { name: string }) => x.name)).toEqual(["Gamma report", "Beta sync", "Alpha report"]);
    expect(all.json.data[0]).not.toHaveProperty("draft");
    const first = await api.list(w.viewer, { limit: "2" });
    expect(first.json.data).toHaveLength(2);
    const second = await api.list(w.viewer, { limit: "2", cursor: first.json.nextCursor });
    expect(second.json).toMatchObject({ data: [{ name: "Alpha report" }], nextCursor: null });
    expect((await api.list(w.viewer, { q: "REPORT" })).json.data.map((x: { slug: string }) => x.slug)).toEqual(["gamma-report", "alpha-report"]);
    expect((await api.list(w.viewer, { q: "beta-s" })).json.data).toHaveLength(1);
  });

  it("200: q's % _ and \\ match themselves, not any text; each summary is the stored row, timestamps in UTC ISO form", async () => {
    const w = await world();
    for (const name of ["50% off", "500 off", "a_b", "axb", "back\\slash"]) await api.create(w.admin, { name });
    const names = async (q: string) => (await api.list(w.viewer, { q })).json.data.map((x: { name: string }) => x.name);
    expect(await names("50%")).toEqual(["50% off"]);
    expect(await names("a_b")).toEqual(["a_b"]);
    expect(await names("K\\S")).toEqual(["back\\slash"]);
    expect(await names("%")).toEqual(["50% off"]);
    const listed = (await api.list(w.viewer, { q: "axb" })).json.data[0];
    const row = await db.workflow.findFirstOrThrow({ where: { id: listed.id } });
    expect(listed).toEqual({
      id: row.id,
      slug: row.slug,
      name: "axb",
      description: null,
      draftRevision: row.draftRevision,
      latestVersion: 0,
      createdById: w.a.admin.id,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }, 20_000);

  it("401, 403 for a token without workflow:read, 404 outsider and hidden project, 422 bad limit", async () => {
    const w = await world();
    expect((await api.list(w.anonymous)).status).toBe(401);
    const runOnly = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:run"], slug: w.a.slug });
    expect((await api.list({ ...runOnly, "x-project-id": "default" })).status).toBe(403);
    // A member without a role in the project does not see it at all.
    expect((await api.list({ cookie: w.a.member.cookie, "x-tenant-id": w.a.slug, "x-project-id": "default" })).status).toBe(404);
    expect((await api.list(w.outsider)).status).toBe(404);
    expect((await api.list(w.admin, { limit: "0" })).status).toBe(422);
  });
});

describe("GET /v1/workflows/{id}", () => {
  it("200 by id or slug with the draft and its issues; 404 for another tenant's id, a missing one, a foreign slug", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, slug: "hello" });
    const byId = await api.get(w.viewer, workflow.id);
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ id: workflow.id, slug: "hello", latestVersion: 1, issues: [] });
    expect(byId.json.draft).toEqual(helloGraph());
    expect((await api.get(w.viewer, "hello")).json.id).toBe(workflow.id);
    expect((await api.get(w.foreign, workflow.id)).status).toBe(404);
    expect((await api.get(w.foreign, "hello")).status).toBe(404);
    expect((await api.get({ ...w.admin, "x-project-id": w.a.other.slug }, workflow.id)).status).toBe(404);
    expect((await api.get(w.admin, "wf_00000000000000000000000000")).status).toBe(404);
    expect((await api.get(w.anonymous, workflow.id)).status).toBe(401);
    expect((await api.get(w.outsider, workflow.id)).status).toBe(404);
    expect((await api.get(w.admin, "x".repeat(65))).status).toBe(422);
  });
});

describe("PATCH /v1/workflows/{id}", () => {
  it("200: saves the graph (bumping draftRevision), renames without bumping, audits before/after", async () => {
    const w = await world();
    const created = (await api.create(w.admin, { name: "Flow" })).json;
    const saved = await api.patch(w.contributor, created.id, { graph: chain(transform("a")), draftRevision: 1 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ draftRevision: 2, issues: [] });
    expect(saved.json.draft.nodes.map((n: { id: string }) => n.id)).toEqual(["trigger", "a", "output"]);
    const renamed = await api.patch(w.admin, created.slug, { name: "Renamed", description: "Does things" });
    expect(renamed.json).toMatchObject({ name: "Renamed", description: "Does things", draftRevision: 2 });
    expect((await api.patch(w.admin, created.id, { description: null })).json.description).toBeNull();
    const audit = await lastAudit(w.a.workspace.id, "workflow.updated");
    expect(audit?.before).toMatchObject({ description: "Does things" });
    expect(audit?.after).toMatchObject({ description: null });
  });

  it("409 when draftRevision is stale (two tabs); the later tab's graph is not saved", async () => {
    const w = await world();
    const created = (await api.create(w.admin, { name: "Tabs" })).json;
    const tab1 = await api.patch(w.admin, created.id, { graph: chain(transform("one")), draftRevision: 1 });
    expect(tab1.status).toBe(200);
    const tab2 = await api.patch(w.admin, created.id, { graph: chain(transform("two")), draftRevision: 1 });
    expect(tab2.status).toBe(409);
    expect(tab2.json.error.code).toBe("conflict");
    const row = await db.workflow.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.draftRevision).toBe(2);
    expect(JSON.stringify(row.draft)).toContain('"one"');
    // Concurrent saves from the same revision: exactly one wins.
    const results = await Promise.all([3, 4, 5].map((i) => api.patch(w.admin, created.id, { graph: chain(transform(`t${i}`)), draftRevision: 2 })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: created.id } })).draftRevision).toBe(3);
  });

  it("401, 403 viewer, 404 cross-tenant with the row unchanged, 422 empty or invalid", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    expect((await api.patch(w.anonymous, workflow.id, { name: "x" })).status).toBe(401);
    expect((await api.patch(w.viewer, workflow.id, { name: "x" })).status).toBe(403);
    expect((await api.patch(w.foreign, workflow.id, { name: "hijacked", graph: chain() })).status).toBe(404);
    expect((await api.patch(w.outsider, workflow.id, { name: "hijacked" })).status).toBe(404);
    const row = await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } });
    expect(row).toMatchObject({ name: workflow.name, draftRevision: 1 });
    for (const body of [{}, { draftRevision: 1 }, { name: "" }, { graph: { nodes: "x", edges: [] } }, { slug: "new-slug" }, { draftRevision: 0, name: "x" }]) {
      expect((await api.patch(w.admin, workflow.id, body)).status, JSON.stringify(body)).toBe(422);
    }
    expect((await api.patch(w.admin, workflow.id, { graph: graph([trigger(), output()], []) })).json.issues.map((i: { code: string }) => i.code)).toEqual(["unreachable"]);
  });
});
