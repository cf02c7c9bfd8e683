// GET /v1/billing/ledger/by-run: one row per run with its charges summed, the balance after
// each row; GET /v1/billing/ledger?runId= expands a row into its charges.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as ledgerGET } from "@/app/v1/billing/ledger/route";
import { GET as rowsGET } from "@/app/v1/billing/ledger/by-run/route";
import { ledgerPage, ledgerRowResponse } from "@/lib/schemas/billing";
import { page } from "@/lib/schemas/common";
import { createBillingWorkflow, grantTestCredits, recordTestUsage, startBillableRun } from "@/test/factories/billing";
import { as, call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

let t: Tenant;
let other: Tenant;
let runA: { id: string };
let runB: { id: string };
const rowsPage = page(ledgerRowResponse);

beforeAll(async () => {
  t = await tenant();
  other = await tenant();
  await grantTestCredits(t.workspace.id, 5_000_000n);
  await grantTestCredits(other.workspace.id, 1_000_000n);
  const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, name: "Refund triage" });
  runA = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: 1_000_000n });
  runB = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: 1_000_000n });
  // Two runs charging in turn: A, B, A — then a grant.
  await recordTestUsage(runA as never, { kind: "llm", charge: 100_000n, model: "gpt-4o-mini" });
  await recordTestUsage(runB as never, { kind: "http", charge: 20_000n });
  await recordTestUsage(runA as never, { kind: "step", charge: 300n });
  await grantTestCredits(t.workspace.id, 1_000n);
});

const rows = (headers: Record<string, string>, query: Record<string, string> = {}) => call(rowsGET, "/v1/billing/ledger/by-run", { headers, query });

describe("GET /v1/billing/ledger/by-run", () => {
  it("200: one row per run (charges summed), other entries one row each, newest first, with the balance after each", async () => {
    const res = await rows(as(t.owner, t.slug));
    expect(res.status).toBe(200);
    const { data, nextCursor } = rowsPage.parse(res.json);
    expect(nextCursor).toBeNull();
    expect(data.map((r) => [r.kind, r.runId, r.amount, r.entries, r.balanceAfter])).toEqual([
      ["grant", null, 1_000, 1, 5_000_000 - 120_300 + 1_000],
      ["usage", runA.id, -100_300, 2, 5_000_000 - 120_300],
      ["usage", runB.id, -20_000, 1, 5_000_000 - 120_000],
      ["grant", null, 5_000_000, 1, 5_000_000],
    ]);
    expect(data[1]).toMatchObject({ workflowName: "Refund triage", models: ["gpt-4o-mini"], projectId: t.project.id });
    expect(Date.parse(data[1].firstAt)).toBeLessThanOrEqual(Date.parse(data[1].createdAt));
  });

  it("pages with the cursor without gaps or repeats, and filters like the ledger", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await rows(as(t.owner, t.slug), { limit: "1", ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...res.json.data.map((r: { id: string }) => r.id));
      cursor = res.json.nextCursor;
    } while (cursor && seen.length < 10);
    const all = (await rows(as(t.owner, t.slug))).json.data.map((r: { id: string }) => r.id);
    expect(seen).toEqual(all);
    const usage = await rows(as(t.owner, t.slug), { kind: "usage" });
    expect(usage.json.data.map((r: { runId: string }) => r.runId)).toEqual([runA.id, runB.id]);
    expect((await rows(as(t.owner, t.slug), { project: other.project.id })).json.data).toEqual([]);
  });

  it("expands a run into its charges with GET /v1/billing/ledger?runId=", async () => {
    const res = await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { runId: runA.id } });
    expect(res.status).toBe(200);
    const { data } = ledgerPage.parse(res.json);
    expect(data.map((e) => e.amount)).toEqual([-300, -100_000]);
    expect(data.every((e) => e.runId === runA.id)).toBe(true);
    // Another tenant's run id names nothing here.
    expect((await call(ledgerGET, "/v1/billing/ledger", { headers: as(other.owner, other.slug), query: { runId: runA.id } })).json.data).toEqual([]);
  });

  it("401 anonymous, 403 for a member, 404 for another tenant naming this workspace, 422 for bad queries", async () => {
    expect((await rows({ "x-tenant-id": t.slug })).status).toBe(401);
    const member = await rows(as(t.member, t.slug));
    expect(member.status).toBe(403);
    expect(member.json.error).toMatchObject({ code: "forbidden" });
    const foreign = await rows(as(other.owner, t.slug));
    expect(foreign.status).toBe(404);
    expect(foreign.json.error.code).toBe("not_found");
    const own = await rows(as(other.owner, other.slug));
    expect(own.json.data.map((r: { amount: number }) => r.amount)).toEqual([1_000_000]);
    const bad: Record<string, string>[] = [{ cursor: "aud_x" }, { kind: "bonus" }, { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, { limit: "0" }];
    for (const query of bad) {
      const res = await rows(as(t.owner, t.slug), query);
      expect(res.status, JSON.stringify(query)).toBe(422);
      expect(res.json.error.code).toBe("invalid_request");
    }
    expect((await call(ledgerGET, "/v1/billing/ledger", { headers: as(t.owner, t.slug), query: { runId: "not-a-run" } })).status).toBe(422);
  });
});
