// The run settings of a workspace (maxConcurrentRuns) and a project (defaultRunBudget): API
// fields with validation and audit, and the engine reading them.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { GET as getWorkspace, PATCH as patchWorkspace } from "@/app/v1/workspaces/current/route";
import { GET as getProject, PATCH as patchProject } from "@/app/v1/projects/[id]/route";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant } from "@/test/support/world";

const wsPatch = (headers: Record<string, string>, body: unknown) => call(patchWorkspace, "/v1/workspaces/current", { method: "PATCH", headers, body });

describe("Workspace.maxConcurrentRuns", () => {
  it("is shown, set by an admin and audited before/after", async () => {
    const a = await tenant();
    expect((await call(getWorkspace, "/v1/workspaces/current", { headers: as(a.member, a.slug) })).json.maxConcurrentRuns).toBe(10);
    const res = await wsPatch(as(a.admin, a.slug), { maxConcurrentRuns: 3 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ maxConcurrentRuns: 3, name: a.workspace.name });
    expect((await db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).maxConcurrentRuns).toBe(3);
    expect(await lastAudit(a.workspace.id, "workspace.update")).toMatchObject({ before: { maxConcurrentRuns: 10 }, after: { maxConcurrentRuns: 3 } });
    // Renaming alone leaves it as it is.
    expect((await wsPatch(as(a.owner, a.slug), { name: "Renamed" })).json.maxConcurrentRuns).toBe(3);
  });

  it("401, 403 (member, token without workspace:admin), 404 for another tenant's caller (row unchanged), 422 out of range or not an integer", async () => {
    const a = await tenant();
    const b = await tenant();
    expect((await wsPatch({ "x-tenant-id": a.slug }, { maxConcurrentRuns: 2 })).status).toBe(401);
    expect((await wsPatch(as(a.member, a.slug), { maxConcurrentRuns: 2 })).status).toBe(403);
    expect((await wsPatch({ ...(await asToken(a.owner, a.workspace.id, { scopes: ["workspace:read"] })), "x-tenant-id": a.slug }, { maxConcurrentRuns: 2 })).status).toBe(403);
    const foreign = await wsPatch(as(b.owner, a.slug), { maxConcurrentRuns: 2 });
    expect([403, 404]).toContain(foreign.status);
    for (const v of [0, -1, 1001, 2.5, "5", null, 1e12]) {
      expect((await wsPatch(as(a.owner, a.slug), { maxConcurrentRuns: v })).status, JSON.stringify(v)).toBe(422);
    }
    expect((await db.workspace.findUniqueOrThrow({ where: { id: a.workspace.id } })).maxConcurrentRuns).toBe(10);
    expect((await wsPatch(as(a.owner, a.slug), { maxConcurrentRuns: 1000 })).status).toBe(200);
  });
});

describe("Project.defaultRunBudget", () => {
  const patch = (headers: Record<string, string>, id: string, body: unknown) => call(patchProject, `/v1/projects/${id}`, { method: "PATCH", headers, params: { id }, body });

  it("is shown, set and cleared by a project admin (audited), and used for runs that name no budget", async () => {
    const a = await tenant();
    const padmin = await joinAs(a, "member", { projectId: a.other.id, role: "project_admin" });
    const got = await call(getProject, "/", { headers: as(a.owner, a.slug), params: { id: a.other.id } });
    expect(got.json.defaultRunBudget).toBeNull();
    const set = await patch(as(padmin, a.slug), a.other.id, { defaultRunBudget: 2_500_000 });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ defaultRunBudget: 2_500_000, name: a.other.name });
    // The column start-run reads for a run without a budget (test/runs/runs-api.test.ts covers that read).
    expect((await db.project.findUniqueOrThrow({ where: { id: a.other.id } })).defaultRunBudget).toBe(2_500_000n);
    expect(await lastAudit(a.workspace.id, "project.update")).toMatchObject({ before: { defaultRunBudget: null }, after: { defaultRunBudget: "2500000" } });

    const cleared = await patch(as(a.owner, a.slug), a.other.id, { defaultRunBudget: null });
    expect(cleared.json.defaultRunBudget).toBeNull();
    expect((await db.project.findUniqueOrThrow({ where: { id: a.other.id } })).defaultRunBudget).toBeNull();
  });

  it("401, 403 (viewer), 404 (another tenant; row unchanged), 422 out of range or not an integer", async () => {
    const a = await tenant();
    const b = await tenant();
    const viewer = await joinAs(a, "member", { projectId: a.other.id, role: "project_viewer" });
    expect((await patch({ "x-tenant-id": a.slug }, a.other.id, { defaultRunBudget: 5 })).status).toBe(401);
    expect((await patch(as(viewer, a.slug), a.other.id, { defaultRunBudget: 5 })).status).toBe(403);
    expect((await patch(as(b.owner, b.slug), a.other.id, { defaultRunBudget: 5 })).status).toBe(404);
    for (const v of [0, -5, 1_000_000_000_001, 1.5, "100"]) {
      expect((await patch(as(a.owner, a.slug), a.other.id, { defaultRunBudget: v })).status, JSON.stringify(v)).toBe(422);
    }
    expect((await db.project.findUniqueOrThrow({ where: { id: a.other.id } })).defaultRunBudget).toBeNull();
  });
});
