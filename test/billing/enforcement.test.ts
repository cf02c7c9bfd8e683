// Enforcement through the real run-start route (POST /v1/workflows/{id}/runs): a workspace
// without available credits cannot start runs (402 insufficient_credits), and 50 parallel
// starts against credits for exactly 10 runs' expected cost (the hold: the hello workflow's 3
// steps × 100) → exactly 10 accepted, 40 refused, with the balance and available credits never
// below zero at any moment observed. The budget is the run's stop, not what it holds.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as startRoute } from "@/app/v1/workflows/[id]/runs/route";
import { GET as balanceGET } from "@/app/v1/billing/balance/route";
import { db } from "@/lib/db/client";
import { getBalance } from "@/lib/billing/credits";
import { grantTestCredits, ledgerState } from "@/test/factories/billing";
import { createTestWorkflow } from "@/test/factories/workflows";
import { as, call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

const BUDGET = 250_000;
/** The hello workflow's expected cost: trigger, transform, output at the default step price. */
const EXPECTED = 300;

let t: Tenant;
let wf: Awaited<ReturnType<typeof createTestWorkflow>>;
const headers = () => inProject(t.owner, t.slug, t.project.slug);
const start = (body: unknown = { input: { name: "Ada" }, budget: BUDGET }) =>
  call(startRoute, `/v1/workflows/${wf.workflow.id}/runs`, { method: "POST", headers: headers(), body, params: { id: wf.workflow.id } });

beforeAll(async () => {
  t = await tenant();
  wf = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, createdById: t.owner.id });
});

describe("billable runs need credits", () => {
  it("402 insufficient_credits with no credits; no run is created and nothing is held", async () => {
    const res = await start();
    expect(res.status).toBe(402);
    expect(res.json.error.code).toBe("insufficient_credits");
    expect(await db.run.count({ where: { workspaceId: t.workspace.id } })).toBe(0);
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 0n, held: 0n, available: 0n });
  });

  it("50 parallel starts with credits for exactly 10 expected costs → 10 × 201 and 40 × 402; available never below zero", async () => {
    await grantTestCredits(t.workspace.id, BigInt(EXPECTED) * 10n);
    let sampling = true;
    const samples: { balance: bigint; held: bigint }[] = [];
    const sampler = (async () => {
      while (sampling) {
        const row = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
        samples.push({ balance: row.balance, held: row.held });
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const results = await Promise.all(Array.from({ length: 50 }, () => start()));
    sampling = false;
    await sampler;

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 402)).toHaveLength(40);
    expect(results.filter((r) => r.status === 402).every((r) => r.json.error.code === "insufficient_credits")).toBe(true);
    expect(results.filter((r) => r.status === 201).every((r) => r.json.creditHold === EXPECTED && r.json.budget === BUDGET)).toBe(true);

    expect(samples.length).toBeGreaterThan(0);
    for (const s of samples) {
      expect(s.balance >= 0n).toBe(true);
      expect(s.balance - s.held >= 0n).toBe(true);
    }
    expect(await db.run.count({ where: { workspaceId: t.workspace.id } })).toBe(10);
    const runs = await db.run.findMany({ where: { workspaceId: t.workspace.id }, select: { creditHold: true } });
    expect(runs.reduce((sum, r) => sum + r.creditHold, 0n)).toBe(BigInt(EXPECTED) * 10n);
    const balance = await call(balanceGET, "/v1/billing/balance", { headers: as(t.owner, t.slug) });
    expect(balance.json).toEqual({ balance: EXPECTED * 10, held: EXPECTED * 10, available: 0, unit: "usd_micros" });
    const state = await ledgerState(t.workspace.id);
    expect(state.sum).toBe(state.balance);
  });
});
