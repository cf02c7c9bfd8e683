import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { appendLedgerEntry } from "@/lib/billing/credits";
import { createTestWorkflow } from "@/test/factories/workflows";
import { grantTestCredits } from "@/test/factories/billing";
import { lastAudit } from "@/test/support/world";
import { createTestRun } from "@/test/factories/runs";
import { api, world } from "./helpers";

describe("DELETE /v1/workflows/{id}", () => {
  it("409 while a run is queued, running or waiting for approval; nothing deleted", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    for (const status of ["queued", "running", "waiting_approval"] as const) {
      const run = await createTestRun(workflow, { status });
      const res = await api.delete(w.admin, workflow.id);
      expect(res.status, status).toBe(409);
      expect(res.json.error.code).toBe("conflict");
      await db.run.update({ where: { id: run.id }, data: { status: "failed" } });
    }
    expect(await db.workflow.count({ where: { id: workflow.id } })).toBe(1);
  });

  it("204: deletes versions and finished runs; usage records and ledger entries survive; audited", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id, slug: "doomed" });
    const run = await createTestRun(workflow, { status: "succeeded" });
    await db.runStep.create({
      data: { id: newId("runStep"), workspaceId: w.a.workspace.id, projectId: w.a.project.id, runId: run.id, nodeId: "greet", nodeType: "transform", seq: 1, status: "succeeded" },
    });
    const usage = await db.usageRecord.create({
      data: {
        id: newId("usage"),
        workspaceId: w.a.workspace.id,
        projectId: w.a.project.id,
        runId: run.id,
        workflowId: workflow.id,
        nodeId: "greet",
        attempt: 1,
        kind: "step",
        charge: 100n,
        idempotencyKey: `${run.id}:greet:1:step`,
      },
    });
    await grantTestCredits(w.a.workspace.id);
    await db.$transaction((tx) =>
      appendLedgerEntry(tx, { workspaceId: w.a.workspace.id, kind: "usage", amount: -100n, sourceType: "usage_record", sourceId: usage.id, runId: run.id, workflowId: workflow.id }),
    );

    const res = await api.delete(w.contributor, "doomed");
    expect(res.status).toBe(204);
    expect(await db.workflow.count({ where: { id: workflow.id } })).toBe(0);
    expect(await db.workflowVersion.count({ where: { workflowId: workflow.id } })).toBe(0);
    expect(await db.run.count({ where: { workflowId: workflow.id } })).toBe(0);
    expect(await db.runStep.count({ where: { runId: run.id } })).toBe(0);
    expect(await db.usageRecord.count({ where: { id: usage.id } })).toBe(1);
    expect(await db.ledgerEntry.count({ where: { runId: run.id } })).toBe(1);
    expect(await lastAudit(w.a.workspace.id, "workflow.deleted")).toMatchObject({ targetId: workflow.id, before: expect.objectContaining({ slug: "doomed" }) });
    expect((await api.delete(w.admin, workflow.id)).status).toBe(404);
  });

  it("401, 403 viewer, 404 cross-tenant and outsider with the row unchanged", async () => {
    const w = await world();
    const { workflow } = await createTestWorkflow({ workspaceId: w.a.workspace.id, projectId: w.a.project.id });
    expect((await api.delete(w.anonymous, workflow.id)).status).toBe(401);
    expect((await api.delete(w.viewer, workflow.id)).status).toBe(403);
    expect((await api.delete(w.foreign, workflow.id)).status).toBe(404);
    expect((await api.delete(w.outsider, workflow.id)).status).toBe(404);
    expect((await api.delete(w.admin, "x".repeat(65))).status).toBe(422);
    expect(await db.workflow.count({ where: { id: workflow.id } })).toBe(1);
    expect(await db.workflowVersion.count({ where: { workflowId: workflow.id } })).toBe(1);
  });
});
