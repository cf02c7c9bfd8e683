import { describe, expect, it } from "vitest";
import { GET } from "@/app/v1/runs/stats/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { resolveWindow } from "@/lib/runs/stats";
import type { RunStatus } from "@/lib/generated/prisma/enums";
import { createBillingWorkflow } from "@/test/factories/billing";
import { createTestRun } from "@/test/factories/runs";
import { as, asToken, call, inProject } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Tenant } from "@/test/support/world";

// Runs and steps are inserted directly at fixed times, so every number below is exact.
const T0 = Date.parse("2025-03-01T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const WINDOW = { from: "2025-03-01T00:00:00Z", to: "2025-03-01T04:00:00Z" };

const workflow = (t: Tenant, projectId = t.project.id, slug?: string) => createBillingWorkflow({ workspaceId: t.workspace.id, projectId, slug });

const run = (wf: { id: string; workspaceId: string; projectId: string }, createdAt: Date, status: RunStatus, spent = 0n) => createTestRun(wf, { status, createdAt, spent });

type StepStatus = "succeeded" | "failed" | "skipped" | "reused" | "running";
async function step(r: { id: string; workspaceId: string; projectId: string }, nodeType: string, latencyMs: number | null, status: StepStatus = "succeeded") {
  const nodeId = `${nodeType}_${Math.random().toString(36).slice(2, 8)}`;
  return db.runStep.create({
    data: { id: newId("runStep"), workspaceId: r.workspaceId, projectId: r.projectId, runId: r.id, nodeId, nodeType, seq: 1, status, latencyMs },
  });
}

const headers = (t: Tenant, project = "default") => inProject(t.owner, t.slug, project);
const stats = (h: Record<string, string>, query: Record<string, string> = WINDOW) => call(GET, "/v1/runs/stats", { headers: h, query });

describe("GET /v1/runs/stats", () => {
  it("buckets runs by hour with empty buckets filled, failures include budget_exceeded, cost in usd_micros", async () => {
    const t = await tenant();
    const wf = await workflow(t);
    await run(wf, at(5), "succeeded", 1_500n);
    await run(wf, at(50), "failed", 250n);
    await run(wf, at(59), "budget_exceeded", 1_000_000n);
    await run(wf, at(150), "succeeded", 42n);
    await run(wf, at(170), "canceled");
    await run(wf, at(179), "waiting_approval", 7n);
    // Outside the window: before `from`, exactly at `to` (exclusive).
    await run(wf, at(-1), "succeeded", 99_999n);
    await run(wf, at(240), "succeeded", 99_999n);

    const res = await stats(headers(t));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ from: "2025-03-01T00:00:00.000Z", to: "2025-03-01T04:00:00.000Z", bucket: "hour", workflowId: null });
    expect(res.json.buckets).toEqual([
      { start: "2025-03-01T00:00:00.000Z", runs: 3, succeeded: 1, failed: 2, cost: 1_001_750 },
      { start: "2025-03-01T01:00:00.000Z", runs: 0, succeeded: 0, failed: 0, cost: 0 },
      { start: "2025-03-01T02:00:00.000Z", runs: 3, succeeded: 1, failed: 0, cost: 49 },
      { start: "2025-03-01T03:00:00.000Z", runs: 0, succeeded: 0, failed: 0, cost: 0 },
    ]);
    expect(res.json.totals).toEqual({ runs: 6, succeeded: 2, failed: 2, canceled: 1, active: 1, cost: 1_001_799 });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("computes p50/p95 per node type with percentile_cont over finished steps only", async () => {
    const t = await tenant();
    const wf = await workflow(t);
    const r1 = await run(wf, at(10), "succeeded");
    const r2 = await run(wf, at(20), "failed");
    for (const ms of [100, 200, 300]) await step(r1, "llm", ms);
    await step(r2, "llm", 400, "failed");
    await step(r1, "transform", 7);
    // Reused, skipped, unfinished and unmeasured steps did no measurable work.
    await step(r2, "llm", 90_000, "reused");
    await step(r2, "transform", 90_000, "skipped");
    await step(r2, "http", 90_000, "running");
    await step(r2, "http", null, "succeeded");
    // A step of a run outside the window does not count.
    const old = await run(wf, at(-30), "succeeded");
    await step(old, "llm", 1_000_000);

    const res = await stats(headers(t));
    expect(res.status).toBe(200);
    expect(res.json.stepLatency).toEqual([
      { nodeType: "llm", p50: 250, p95: 385, count: 4 },
      { nodeType: "transform", p50: 7, p95: 7, count: 1 },
    ]);
  });

  it("filters by workflow id or slug; an unknown workflow or another tenant's is 404", async () => {
    const t = await tenant();
    const b = await tenant();
    const one = await workflow(t, t.project.id, "one");
    const two = await workflow(t, t.project.id, "two");
    const foreign = await workflow(b);
    await run(one, at(1), "succeeded", 10n);
    await run(two, at(2), "failed", 20n);
    await run(two, at(3), "failed", 30n);

    const byId = await stats(headers(t), { ...WINDOW, workflow: one.id });
    expect(byId.status).toBe(200);
    expect(byId.json).toMatchObject({ workflowId: one.id, totals: { runs: 1, succeeded: 1, cost: 10 } });
    const bySlug = await stats(headers(t), { ...WINDOW, workflow: "two" });
    expect(bySlug.json).toMatchObject({ workflowId: two.id, totals: { runs: 2, failed: 2, cost: 50 } });
    expect((await stats(headers(t), { ...WINDOW, workflow: "nope" })).status).toBe(404);
    const cross = await stats(headers(t), { ...WINDOW, workflow: foreign.id });
    expect(cross.status).toBe(404);
    expect(cross.json.error.code).toBe("not_found");
  });

  it("never counts another project's or another tenant's runs; another tenant's caller gets 404", async () => {
    const t = await tenant();
    const b = await tenant();
    const mine = await workflow(t);
    const sibling = await workflow(t, t.other.id);
    const theirs = await workflow(b);
    const r = await run(mine, at(10), "succeeded", 5n);
    await step(r, "llm", 100);
    for (const wf of [sibling, theirs]) {
      const x = await run(wf, at(10), "failed", 777n);
      await step(x, "llm", 50_000);
    }
    const res = await stats(headers(t));
    expect(res.json.totals).toEqual({ runs: 1, succeeded: 1, failed: 0, canceled: 0, active: 0, cost: 5 });
    expect(res.json.stepLatency).toEqual([{ nodeType: "llm", p50: 100, p95: 100, count: 1 }]);
    // The sibling project sees only its own run.
    const sib = await stats(headers(t, t.other.slug));
    expect(sib.json.totals).toMatchObject({ runs: 1, failed: 1, cost: 777 });
    // Tenant b's owner naming tenant a: indistinguishable from a missing workspace.
    const foreign = await stats(inProject(b.owner, t.slug));
    expect(foreign.status).toBe(404);
    const token = await asToken(b.owner, b.workspace.id, { slug: t.slug });
    expect((await stats({ ...token, "x-project-id": "default" })).status).toBe(404);
  });

  it("picks defaults: the last 24 hours hourly, day buckets for windows over 3 days", async () => {
    const t = await tenant();
    const wf = await workflow(t);
    await run(wf, new Date(Date.now() - 60_000), "running", 3n);
    const res = await stats(headers(t), {});
    expect(res.status).toBe(200);
    expect(res.json.bucket).toBe("hour");
    expect(Date.parse(res.json.to) - Date.parse(res.json.from)).toBe(24 * 3_600_000);
    expect(res.json.buckets.length).toBeGreaterThanOrEqual(24);
    expect(res.json.buckets.length).toBeLessThanOrEqual(25);
    expect(res.json.totals).toMatchObject({ runs: 1, active: 1, cost: 3 });

    const days = await stats(headers(t), { from: "2025-03-01T12:00:00Z", to: "2025-03-08T00:00:00Z" });
    expect(days.json.bucket).toBe("day");
    expect(days.json.buckets.map((b: { start: string }) => b.start)).toEqual(
      ["01", "02", "03", "04", "05", "06", "07"].map((d) => `2025-03-${d}T00:00:00.000Z`),
    );
    expect(resolveWindow({ bucket: "day" }, new Date(T0)).from.toISOString()).toBe("2025-01-30T00:00:00.000Z");
  });

  it("a project viewer and a read token may read; 401 without credentials", async () => {
    const t = await tenant();
    const viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_viewer" });
    expect((await stats(inProject(viewer, t.slug))).status).toBe(200);
    const read = await asToken(t.member, t.workspace.id, { scopes: ["workflow:read"], slug: t.slug });
    // A plain member has no role in the project: the project is not found for them.
    expect((await stats({ ...read, "x-project-id": "default" })).status).toBe(404);
    const ownerRead = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:read"], slug: t.slug });
    expect((await stats({ ...ownerRead, "x-project-id": "default" })).status).toBe(200);
    const unauth = await stats({ "x-tenant-id": t.slug, "x-project-id": "default" });
    expect(unauth.status).toBe(401);
    expect(unauth.json.error.code).toBe("unauthorized");
  });

  it("a console session may name the workspace and project in the query (EventSource cannot send headers)", async () => {
    const t = await tenant();
    const b = await tenant();
    const wf = await workflow(t, t.other.id);
    await run(wf, at(10), "succeeded", 9n);
    const viaQuery = await stats(as(t.owner), { ...WINDOW, tenant: t.slug, project: t.other.slug });
    expect(viaQuery.status).toBe(200);
    expect(viaQuery.json.totals).toMatchObject({ runs: 1, cost: 9 });
    // Headers win over the query.
    const both = await stats(headers(t), { ...WINDOW, tenant: t.slug, project: t.other.slug });
    expect(both.json.totals.runs).toBe(0);
    // Still a member check: another tenant's session gets 404.
    expect((await stats(as(b.owner), { ...WINDOW, tenant: t.slug, project: "default" })).status).toBe(404);
    // A token does not take its workspace from the query; without X-Project-Id it needs one.
    const token = await asToken(t.owner, t.workspace.id);
    expect((await stats(token, { ...WINDOW, project: t.other.slug })).status).toBe(422);
  });

  it("403 for a token without workflow:read, audited as a denial", async () => {
    const t = await tenant();
    const runOnly = await asToken(t.owner, t.workspace.id, { scopes: ["workflow:run"], slug: t.slug });
    const res = await stats({ ...runOnly, "x-project-id": "default" });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
    const audit = await lastAudit(t.workspace.id, "authz.denied");
    expect(audit?.metadata).toMatchObject({ attempted: "run.read" });
  });

  it("422 for malformed dates, unknown buckets, empty windows, too many buckets and out-of-range years", async () => {
    const t = await tenant();
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: "yesterday" }, "from"],
      [{ ...WINDOW, bucket: "week" }, "bucket"],
      [{ from: WINDOW.to, to: WINDOW.from }, "from"],
      [{ from: WINDOW.from, to: WINDOW.from }, "from"],
      [{ from: "2025-01-01T00:00:00Z", to: "2025-03-01T00:00:00Z", bucket: "hour" }, "from"],
      [{ from: "2020-01-01T00:00:00Z", to: "2025-01-01T00:00:00Z" }, "from"],
      [{ from: "0000-01-01T00:00:00Z", to: "0000-01-02T00:00:00Z" }, "from"],
      [{ from: "9999-12-31T00:00:00Z", to: "9999-12-31T23:00:00-05:00" }, "to"],
      [{ ...WINDOW, workflow: "" }, "workflow"],
    ];
    for (const [query, path] of cases) {
      const res = await stats(headers(t), query);
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.details[0].path).toBe(path);
    }
  });
});
