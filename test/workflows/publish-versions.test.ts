import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { helloGraph } from "@/lib/workflows/templates";
import { createTestWorkflow } from "@/test/factories/workflows";
import { asToken } from "@/test/support/http";
import { lastAudit } from "@/test/support/world";
import { chain, edge, graph, http, transform, trigger } from "./graphs";
import { api, world } from "./helpers";

describe("POST /v1/workflows/{id}/publish", () => {
  it("201: numbered immutable versions 1, 2 snapshotting the draft; audited; latestVersion follows", async () => {
    const w = await world();
    const wf = (await api.create(w.admin, { name: "Pub", graph: helloGraph() })).json;
    const v1 = await api.publish(w.admin, wf.id, { note: "first" });
    expect(v1.status).toBe(201);
    expect(v1.json).toMatchObject({ workflowId: wf.id, number: 1, note: "first", publishedById: w.a.admin.id, graph: helloGraph() });
    await api.patch(w.admin, wf.id, { graph: chain(transform("changed")) });
    const v2 = await api.publish(w.admin, wf.slug);
    expect(v2.json).toMatchObject({ number: 2, note: null });
    expect(v2.json.graph.nodes.map((n: { id: string }) => n.id)).toEqual(["trigger", "changed", "output"]);
    // Version 1 still holds the graph it was published with.
    expect((await api.version(w.viewer, wf.id, "1")).json.graph).toEqual(helloGraph());
    expect((await api.get(w.viewer, wf.id)).json.latestVersion).toBe(2);
    expect(await lastAudit(w.a.workspace.id, "workflow.published")).toMatchObject({ targetId: wf.id, after: expect.objectContaining({ version: 2 }) });
  });

  it("422 invalid_request with one detail per issue when the draft has issues; nothing published", async () => {
    const w = await world();
    const broken = graph([trigger(), transform("a", "steps.ghost.output"), http("call", "conn_missing"), transform("island")], [edge("trigger", "a"), edge("a", "call")]);
    const wf = (await api.create(w.admin, { name: "Broken", graph: broken })).json;
    const res = await api.publish(w.admin, wf.id);
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("invalid_request");
    expect(res.json.error.details).toEqual(
      expect.arrayContaining([
        { path: "graph", message: expect.stringMatching(/^\[missing_output\]/) },
        { path: "graph.nodes.island", message: expect.stringMatching(/^\[unreachable\]/) },
        { path: "graph.nodes.a", message: expect.stringMatching(/^\[unknown_reference\]/) },
        { path: "graph.nodes.call", message: expect.stringMatching(/^\[unknown_connection\]/) },
      ]),
    );
    expect(res.json.error.details).toHaveLength(4);
    expect(await db.workflowVersion.count({ where: { workflowId: wf.id } })).toBe(0);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: wf.id } })).latestVersion).toBe(0);
    expect((await api.publish(w.admin, wf.id, { note: 5 })).status).toBe(422);
    expect((await api.publish(w.admin, wf.id, { force: true })).status).toBe(422);
  });

  it("5 concurrent publishes get distinct consecutive numbers", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, publish: false });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => api.publish(w.admin, workflow.id, { note: `n${i}` })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.json.number).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } })).latestVersion).toBe(5);
  });

  it("401, 403 for a contributor and a workflow:read token, 404 cross-tenant with nothing published", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, publish: false });
    expect((await api.publish(w.anonymous, workflow.id)).status).toBe(401);
    expect((await api.publish(w.contributor, workflow.id)).status).toBe(403);
    const readOnly = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:read"], slug: w.a.slug });
    expect((await api.publish({ ...readOnly, "x-project-id": "default" }, workflow.id)).status).toBe(403);
    expect((await api.publish(w.foreign, workflow.id)).status).toBe(404);
    expect((await api.publish(w.outsider, workflow.id)).status).toBe(404);
    expect(await db.workflowVersion.count({ where: { workflowId: workflow.id } })).toBe(0);
    const write = await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:write"], slug: w.a.slug });
    expect((await api.publish({ ...write, "x-project-id": "default" }, workflow.id)).status).toBe(201);
  });
});

describe("WorkflowVersion immutability", () => {
  it("the database rejects UPDATE of a version, through Prisma and raw SQL; delete of the workflow removes versions", async () => {
    const w = await world();
    const { workflow, version } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    await expect(db.workflowVersion.update({ where: { id: version!.id }, data: { note: "rewritten" } })).rejects.toThrow(/immutable/);
    await expect(db.$executeRaw`UPDATE "WorkflowVersion" SET graph = '{}'::jsonb WHERE id = ${version!.id}`).rejects.toThrow(/immutable/);
    const row = await db.workflowVersion.findUniqueOrThrow({ where: { id: version!.id } });
    expect(row.note).toBeNull();
    expect(row.graph).toEqual(helloGraph());
    expect((await api.delete(w.admin, workflow.id)).status).toBe(204);
    expect(await db.workflowVersion.count({ where: { workflowId: workflow.id } })).toBe(0);
  });
});

describe("GET /v1/workflows/{id}/versions and /versions/{n}", () => {
  it("200: lists highest first without graphs, paginates by number; reads any version", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    for (let i = 0; i < 3; i++) await api.publish(w.admin, workflow.id, { note: `v${i + 2}` });
    const page1 = await api.versions(w.viewer, workflow.id, { limit: "3" });
    expect(page1.status).toBe(200);
    expect(page1.json.data.map((v: { number: number }) => v.number)).toEqual([4, 3, 2]);
    expect(page1.json.data[0]).not.toHaveProperty("graph");
    expect(page1.json.nextCursor).toBe("2");
    const page2 = await api.versions(w.viewer, workflow.slug, { limit: "3", cursor: page1.json.nextCursor });
    expect(page2.json).toMatchObject({ data: [{ number: 1, note: null }], nextCursor: null });
    const v3 = await api.version(w.viewer, workflow.slug, "3");
    expect(v3.json).toMatchObject({ number: 3, note: "v3", graph: helloGraph() });
  });

  it("401, 403 token without workflow:read, 404 for a missing number and cross-tenant, 422 bad number or cursor", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    expect((await api.versions(w.anonymous, workflow.id)).status).toBe(401);
    expect((await api.version(w.anonymous, workflow.id, "1")).status).toBe(401);
    const runOnly = { ...(await asToken(w.a.owner, w.a.workspace.id, { scopes: ["workflow:run"], slug: w.a.slug })), "x-project-id": "default" };
    expect((await api.versions(runOnly, workflow.id)).status).toBe(403);
    expect((await api.version(runOnly, workflow.id, "1")).status).toBe(403);
    expect((await api.version(w.viewer, workflow.id, "2")).status).toBe(404);
    expect((await api.versions(w.foreign, workflow.id)).status).toBe(404);
    expect((await api.version(w.foreign, workflow.id, "1")).status).toBe(404);
    expect((await api.version(w.outsider, workflow.id, "1")).status).toBe(404);
    for (const n of ["0", "-1", "1.5", "abc", "99999999999"]) expect((await api.version(w.viewer, workflow.id, n)).status, n).toBe(422);
    expect((await api.versions(w.viewer, workflow.id, { cursor: "wfv_x" })).status).toBe(422);
  });
});
