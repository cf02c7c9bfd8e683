// GET /v1/billing/balance, /ledger, /usage, /packs: integers in usd_micros, billing.read for
// owner and tenant admin only, another tenant's workspace is a 404, filters and pagination.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as balanceGET } from "@/app/v1/billing/balance/route";
import { GET as ledgerGET } from "@/app/v1/billing/ledger/route";
import { GET as usageGET } from "@/app/v1/billing/usage/route";
import { GET as packsGET } from "@/app/v1/billing/packs/route";
import { balanceResponse, creditPacksResponse, ledgerPage, usageResponse } from "@/lib/schemas/billing";
import { createBillingWorkflow, grantTestCredits, recordTestUsage, startBillableRun } from "@/test/factories/billing";
import { as, asToken, call } from "@/test/support/http";
import { joinAs, lastAudit, tenant, type Tenant } from "@/test/support/world";

let t: Tenant;
let other: Tenant;
let wfA: { id: string; name: string };
let wfB: { id: string; name: string };

beforeAll(async () => {
  t = await tenant();
  other = await tenant();
  await grantTestCredits(t.workspace.id, 5_000_000n);
  await grantTestCredits(other.workspace.id, 7_000_000n);
  wfA = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, name: "Alpha flow" });
  wfB = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.other.id, name: "Beta flow" });
  const runA = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wfA.id, budget: 1_000_000n });
  const runB = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.other.id, workflowId: wfB.id, budget: 500_000n });
  const day1 = new Date(Date.UTC(2026, 9, 1, 12));
  const day2 = new Date(Date.UTC(2026, 9, 2, 12));
  await recordTestUsage(runA, { kind: "llm", charge: 120_000n, cost: 100_000n, model: "gpt-4o-mini", tokensIn: 1000, tokensOut: 200, createdAt: day1 });
  await recordTestUsage(runA, { kind: "step", charge: 100n, createdAt: day1 });
  await recordTestUsage(runA, { kind: "llm", charge: 60_000n, cost: 50_000n, model: "gpt-4o-mini", tokensIn: 500, tokensOut: 100, createdAt: day2 });
  await recordTestUsage(runB, { kind: "http", charge: 500n, createdAt: day2 });
  await recordTestUsage(runB, { kind: "llm", charge: 0n, cost: 30_000n, model: "claude-haiku", tokensIn: 300, tokensOut: 30, createdAt: day2 });
});

describe("GET /v1/billing/balance", () => {
  it("200 for the owner and the tenant admin, as integers in usd_micros", async () => {
    for (const who of [t.owner, t.admin]) {
      const res = await call(balanceGET, "/v1/billing/balance", { headers: as(who, t.slug) });
      expect(res.status).toBe(200);
      expect(balanceResponse.parse(res.json)).toEqual({ balance: 5_000_000 - 180_600, held: 1_500_000 - 180_600, available: 3_500_000, unit: "usd_micros" });
    }
  });

  it("a token with workspace:read works; one without the scope gets 403", async () => {
    expect((await call(balanceGET, "/v1/billing/balance", { headers: await asToken(t.owner, t.workspace.id, { scopes: ["workspace:read"] }) })).status).toBe(200);
    const res = await call(balanceGET, "/v1/billing/balance", { headers: await asToken(t.owner, t.workspace.id, { scopes: ["workflow:read"] }) });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("insufficient_scope");
  });

  it("401 without credentials, 403 (audited) for a member, 404 for another tenant's workspace", async () => {
    expect((await call(balanceGET, "/v1/billing/balance", { headers: { "x-tenant-id": t.slug } })).status).toBe(401);
    const denied = await call(balanceGET, "/v1/billing/balance", { headers: as(t.member, t.slug) });
    expect(denied.status).toBe(403);
    expect((await lastAudit(t.workspace.id, "authz.denied"))?.metadata).toMatchObject({ attempted: "billing.read" });
    const viewer = await joinAs(t, "member", { projectId: t.project.id, role: "project_admin" });
    expect((await call(balanceGET, "/v1/billing/balance", { headers: as(viewer, t.slug) })).status).toBe(403);
    const foreign = await call(balanceGET, "/v1/billing/balance", { headers: as(t.owner, other.slug) });
    expect(foreign.status).toBe(404);
    const missing = await call(balanceGET, "/v1/billing/balance", { headers: as(t.owner, "no-such-workspace") });
    expect(foreign.json.error.code).toBe(missing.json.error.code);
  });

  it("422 without X-Tenant-Id for a session", async () => {
    expect((await call(balanceGET, "/v1/billing/balance", { headers: as(t.owner) })).status).toBe(422);
  });
});

describe("GET /v1/billing/ledger", () => {
  it("lists this workspace's entries newest first, with signed amounts and sources", async () => {
    const res = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug) });
    expect(res.status).toBe(200);
    const page = ledgerPage.parse(res.json);
    expect(page.data.map((e) => e.kind).sort()).toEqual(["grant", "usage", "usage", "usage", "usage"]);
    const usage = page.data.filter((e) => e.kind === "usage");
    expect(usage.every((e) => e.amount < 0 && e.sourceType === "usage_record")).toBe(true);
    expect(page.data.reduce((s, e) => s + e.amount, 0)).toBe(5_000_000 - 180_600);
    const ids = page.data.map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);
  });

  it("filters by kind, project (id or slug) and time, and paginates with a cursor", async () => {
    const grants = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { kind: "grant" } });
    expect(grants.json.data).toHaveLength(1);
    const byId = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { project: t.other.id } });
    expect(byId.json.data.map((e: { amount: number }) => e.amount)).toEqual([-500]);
    const bySlug = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { project: t.other.slug } });
    expect(bySlug.json.data).toEqual(byId.json.data);
    // Another tenant's project filters to nothing, like a missing one.
    const foreign = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { project: other.project.id } });
    expect(foreign.json).toEqual({ data: [], nextCursor: null });
    const future = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { from: "2100-01-01T00:00:00Z" } });
    expect(future.json.data).toEqual([]);

    const first = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { limit: "2" } });
    expect(first.json.data).toHaveLength(2);
    const second = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { limit: "2", cursor: first.json.nextCursor } });
    const third = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { limit: "2", cursor: second.json.nextCursor } });
    expect(third.json.nextCursor).toBeNull();
    expect(new Set([...first.json.data, ...second.json.data, ...third.json.data].map((e: { id: string }) => e.id)).size).toBe(5);
  });

  it("never shows another tenant's entries", async () => {
    const res = await call(ledgerGET, "/v1/billing/ledger", { headers: as(other.owner, other.slug) });
    expect(res.json.data.map((e: { amount: number }) => e.amount)).toEqual([7_000_000]);
  });

  it("422 on bad filters, 401/403/404 like the balance", async () => {
    const bad: Record<string, string>[] = [{ kind: "gift" }, { from: "yesterday" }, { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, { limit: "0" }, { from: "0000-01-01T00:00:00Z" }];
    for (const query of bad) {
      const res = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query });
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(res.json.error.code).toBe("invalid_request");
    }
    expect((await call(ledgerGET, "/v1/billing/ledger", { headers: { "x-tenant-id": t.slug } })).status).toBe(401);
    expect((await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.member, t.slug) })).status).toBe(403);
    expect((await call(ledgerGET, "/v1/billing/ledger", { headers: as(other.owner, t.slug) })).status).toBe(404);
  });
});

describe("GET /v1/billing/usage", () => {
  const window = { from: "2026-10-01T00:00:00Z", to: "2026-10-03T00:00:00Z" };

  it("groups by project, workflow, model and day, with totals and a per-day series", async () => {
    const get = async (groupBy: string) => {
      const res = await call(usageGET, "/v1/billing/usage", { headers: as(t.admin, t.slug), query: { ...window, groupBy } });
      expect(res.status).toBe(200);
      return usageResponse.parse(res.json);
    };
    const byProject = await get("project");
    expect(byProject.totals).toEqual({ charge: 180_600, cost: 180_000, tokensIn: 1800, tokensOut: 330, records: 5 });
    expect(byProject.groups.map((g) => [g.key, g.label, g.charge])).toEqual([
      [t.project.id, t.project.name, 180_100],
      [t.other.id, t.other.name, 500],
    ]);
    const byWorkflow = await get("workflow");
    expect(byWorkflow.groups.map((g) => [g.label, g.records])).toEqual([
      ["Alpha flow", 3],
      ["Beta flow", 2],
    ]);
    const byModel = await get("model");
    expect(byModel.groups.map((g) => [g.key, g.charge, g.tokensIn])).toEqual([
      ["gpt-4o-mini", 180_000, 1500],
      ["none", 600, 0],
      ["claude-haiku", 0, 300],
    ]);
    const byDay = await get("day");
    expect(byDay.groups.map((g) => [g.key, g.charge])).toEqual([
      ["2026-10-01", 120_100],
      ["2026-10-02", 60_500],
    ]);
    expect(byModel.series).toEqual(
      expect.arrayContaining([
        { day: "2026-10-01", key: "gpt-4o-mini", charge: 120_000 },
        { day: "2026-10-02", key: "gpt-4o-mini", charge: 60_000 },
        { day: "2026-10-02", key: "claude-haiku", charge: 0 },
      ]),
    );
  });

  it("filters by project and window; defaults to the last 30 days", async () => {
    const res = await call(usageGET, "/v1/billing/usage", { headers: as(t.owner, t.slug), query: { ...window, project: t.other.slug, groupBy: "model" } });
    expect(res.json.totals.charge).toBe(500);
    const dayOne = await call(usageGET, "/v1/billing/usage", { headers: as(t.owner, t.slug), query: { from: window.from, to: "2026-10-01T23:59:59Z" } });
    expect(dayOne.json.totals.charge).toBe(120_100);
    const recent = await call(usageGET, "/v1/billing/usage", { headers: as(t.owner, t.slug) });
    expect(recent.json.groupBy).toBe("day");
    expect(Date.parse(recent.json.to) - Date.parse(recent.json.from)).toBe(30 * 86_400_000);
    const foreign = await call(usageGET, "/v1/billing/usage", { headers: as(t.owner, t.slug), query: { ...window, project: other.project.id } });
    expect(foreign.json.totals.records).toBe(0);
    const theirs = await call(usageGET, "/v1/billing/usage", { headers: as(other.owner, other.slug), query: window });
    expect(theirs.json.totals.records).toBe(0);
  });

  it("422 on a bad groupBy or window; 401/403/404", async () => {
    const bad: Record<string, string>[] = [{ groupBy: "tenant" }, { from: "2026-13-01T00:00:00Z" }, { from: window.to, to: window.from }];
    for (const query of bad) {
      expect((await call(usageGET, "/v1/billing/usage", { headers: as(t.owner, t.slug), query })).status).toBe(422);
    }
    expect((await call(usageGET, "/v1/billing/usage", { headers: { "x-tenant-id": t.slug } })).status).toBe(401);
    expect((await call(usageGET, "/v1/billing/usage", { headers: as(t.member, t.slug) })).status).toBe(403);
    expect((await call(usageGET, "/v1/billing/usage", { headers: as(other.owner, t.slug) })).status).toBe(404);
  });
});

describe("GET /v1/billing/packs", () => {
  it("lists the packs and whether checkout is configured; 401/403/404", async () => {
    const res = await call(packsGET, "/v1/billing/packs", { headers: as(t.admin, t.slug) });
    expect(res.status).toBe(200);
    const body = creditPacksResponse.parse(res.json);
    expect(body.data.map((p) => [p.id, p.priceCents, p.credits])).toEqual([
      ["starter", 1_000, 10_000_000],
      ["team", 5_000, 50_000_000],
      ["scale", 20_000, 200_000_000],
    ]);
    expect(body.configured).toBe(false);
    expect((await call(packsGET, "/v1/billing/packs", { headers: { "x-tenant-id": t.slug } })).status).toBe(401);
    expect((await call(packsGET, "/v1/billing/packs", { headers: as(t.member, t.slug) })).status).toBe(403);
    expect((await call(packsGET, "/v1/billing/packs", { headers: as(other.owner, t.slug) })).status).toBe(404);
  });
});
