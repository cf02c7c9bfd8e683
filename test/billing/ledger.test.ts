// The credits ledger at the database and function level: append-only (a trigger refuses
// UPDATE, DELETE and TRUNCATE whatever the code path), idempotent per source, balance cached
// in the same transaction, run holds that never let concurrent runs spend more than the
// balance, and the free grant on workspace creation.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { appendLedgerEntry, getBalance, releaseRunHold, reserveRunCredits } from "@/lib/billing/credits";
import { grantFreeCredits } from "@/lib/billing/grant-free-credits";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { consoleCaller } from "@/lib/access/principal";
import { DEMO, seedDemo } from "@/lib/seed/seed-demo";
import { newId } from "@/lib/core/ids";
import { createBillingWorkflow, grantTestCredits, ledgerState, recordTestUsage, startBillableRun } from "@/test/factories/billing";
import { person, tenant } from "@/test/support/world";

afterEach(() => {
  delete process.env.BILLING_FREE_GRANT;
});

describe("LedgerEntry is append-only in the database", () => {
  it("UPDATE, DELETE and TRUNCATE are refused by the trigger and the row is unchanged", async () => {
    const t = await tenant();
    const entry = (await grantTestCredits(t.workspace.id, 1_000n))!;
    await expect(db.$executeRaw`UPDATE "LedgerEntry" SET amount = 999999 WHERE id = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "LedgerEntry" WHERE id = ${entry.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "LedgerEntry"`)).rejects.toThrow(/append-only/);
    await expect(db.ledgerEntry.update({ where: { id: entry.id }, data: { amount: 5n } })).rejects.toThrow();
    const after = await db.ledgerEntry.findUniqueOrThrow({ where: { id: entry.id } });
    expect(after.amount).toBe(1_000n);
  });
});

describe("appendLedgerEntry", () => {
  it("moves the cached balance in the same transaction and records balanceAfter", async () => {
    const t = await tenant();
    const a = (await grantTestCredits(t.workspace.id, 3_000_000n))!;
    const b = (await db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId: t.workspace.id, kind: "adjustment", amount: -500_000n, sourceType: "admin", sourceId: newId("ledger") })))!;
    expect(a.balanceAfter).toBe(3_000_000n);
    expect(b.balanceAfter).toBe(2_500_000n);
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 2_500_000n, held: 0n, available: 2_500_000n });
    const s = await ledgerState(t.workspace.id);
    expect(s.sum).toBe(s.balance);
  });

  it("is a no-op for a second entry with the same kind and source, even concurrently", async () => {
    const t = await tenant();
    const entry = { workspaceId: t.workspace.id, kind: "grant" as const, amount: 700n, sourceType: "admin" as const, sourceId: "same-source" };
    const results = await Promise.all(Array.from({ length: 5 }, () => db.$transaction((tx) => appendLedgerEntry(tx, entry))));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await getBalance(t.workspace.id)).balance).toBe(700n);
  });

  it("a rolled-back transaction leaves neither an entry nor a balance change", async () => {
    const t = await tenant();
    await expect(
      db.$transaction(async (tx) => {
        await appendLedgerEntry(tx, { workspaceId: t.workspace.id, kind: "grant", amount: 900n, sourceType: "admin", sourceId: "rolled-back" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await ledgerState(t.workspace.id)).toMatchObject({ sum: 0n, count: 0, balance: 0n });
  });

  it("refuses entries whose sign contradicts their kind, and zero entries", async () => {
    const t = await tenant();
    const bad = [
      { kind: "purchase" as const, amount: -1n },
      { kind: "grant" as const, amount: -1n },
      { kind: "usage" as const, amount: 1n },
      { kind: "refund" as const, amount: 1n },
      { kind: "adjustment" as const, amount: 0n },
    ];
    for (const b of bad) {
      await expect(db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId: t.workspace.id, sourceType: "admin", sourceId: newId("ledger"), ...b }))).rejects.toThrow(/ledger/);
    }
    expect((await ledgerState(t.workspace.id)).count).toBe(0);
  });
});

describe("run holds and usage charges", () => {
  it("reserve → charge → release: spend is debited, the unspent hold returns", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 1_000_000n);
    const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const run = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: 400_000n });
    expect(run.creditHold).toBe(400_000n);
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 1_000_000n, held: 400_000n, available: 600_000n });

    const rec = await recordTestUsage(run, { kind: "llm", charge: 150_000n, cost: 125_000n, model: "gpt-4o-mini", tokensIn: 10, tokensOut: 5 });
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 850_000n, held: 250_000n, available: 600_000n });
    // Recording the same usage again (a re-executed checkpoint: same idempotency key) changes nothing.
    await recordTestUsage(run, { kind: "llm", charge: 150_000n, cost: 125_000n, model: "gpt-4o-mini", tokensIn: 10, tokensOut: 5, nodeId: rec.nodeId, attempt: rec.attempt });
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 850_000n, held: 250_000n, available: 600_000n });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).spent).toBe(150_000n);

    await db.$transaction((tx) => releaseRunHold(tx, run.id));
    await db.$transaction((tx) => releaseRunHold(tx, run.id));
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 850_000n, held: 0n, available: 850_000n });
    const entry = await db.ledgerEntry.findFirstOrThrow({ where: { workspaceId: t.workspace.id, kind: "usage" } });
    expect(entry).toMatchObject({ amount: -150_000n, sourceType: "usage_record", sourceId: rec.id, runId: run.id, workflowId: wf.id, projectId: t.project.id, model: "gpt-4o-mini" });
  });

  it("a last charge that overshoots its run's hold releases only that run's hold", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 1_000n);
    const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const a = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: 300n });
    const b = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, budget: 300n });
    await recordTestUsage(a, { kind: "http", charge: 500n });
    // Run b still holds its 300: a's overshoot came out of the balance, not out of b's hold.
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 500n, held: 300n, available: 200n });
    await db.$transaction((tx) => releaseRunHold(tx, a.id));
    expect((await getBalance(t.workspace.id)).held).toBe(300n);
    await db.$transaction((tx) => releaseRunHold(tx, b.id));
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 500n, held: 0n, available: 500n });
  });

  it("reserves min(budget, available) and refuses with 402 when nothing is available", async () => {
    const t = await tenant();
    await expect(db.$transaction((tx) => reserveRunCredits(tx, t.workspace.id, 100n))).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    await grantTestCredits(t.workspace.id, 250n);
    expect(await db.$transaction((tx) => reserveRunCredits(tx, t.workspace.id, 100n))).toBe(100n);
    expect(await db.$transaction((tx) => reserveRunCredits(tx, t.workspace.id, 1_000n))).toBe(150n);
    await expect(db.$transaction((tx) => reserveRunCredits(tx, t.workspace.id, 1n))).rejects.toMatchObject({ code: "insufficient_credits" });
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 250n, held: 250n, available: 0n });
  });

  it("30 concurrent reservations never hold more than the balance", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 1_000n);
    const results = await Promise.allSettled(Array.from({ length: 30 }, () => db.$transaction((tx) => reserveRunCredits(tx, t.workspace.id, 100n))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason.code === "insufficient_credits")).toBe(true);
    expect(await getBalance(t.workspace.id)).toEqual({ balance: 1_000n, held: 1_000n, available: 0n });
  });
});

describe("free grant for new workspaces", () => {
  it("createWorkspace credits BILLING_FREE_GRANT once, in its transaction", async () => {
    process.env.BILLING_FREE_GRANT = "2500000";
    const owner = await person();
    const { workspace } = await createWorkspace(consoleCaller(owner.id), { slug: `grant-${Date.now().toString(36)}`, name: "Granted" });
    expect(await getBalance(workspace.id)).toEqual({ balance: 2_500_000n, held: 0n, available: 2_500_000n });
    const [entry] = await db.ledgerEntry.findMany({ where: { workspaceId: workspace.id } });
    expect(entry).toMatchObject({ kind: "grant", amount: 2_500_000n, sourceType: "system", sourceId: workspace.id });
    // Granting again for the same workspace adds nothing.
    expect(await db.$transaction((tx) => grantFreeCredits(tx, workspace.id))).toBeNull();
    expect((await ledgerState(workspace.id)).count).toBe(1);
  });

  it("the demo seed's workspace starts with the free grant, and re-seeding adds nothing", async () => {
    await seedDemo();
    const first = await seedDemo();
    const demo = await db.workspace.findUniqueOrThrow({ where: { slug: first.workspace } });
    expect(first.workspace).toBe(DEMO.workspace);
    expect(await db.ledgerEntry.findMany({ where: { workspaceId: demo.id }, select: { kind: true, amount: true } })).toEqual([{ kind: "grant", amount: 5_000_000n }]);
  });

  it("BILLING_FREE_GRANT=0 grants nothing; a malformed value fails loudly", async () => {
    process.env.BILLING_FREE_GRANT = "0";
    const owner = await person();
    const { workspace } = await createWorkspace(consoleCaller(owner.id), { slug: `nogrant-${Date.now().toString(36)}`, name: "No grant" });
    expect((await ledgerState(workspace.id)).count).toBe(0);
    process.env.BILLING_FREE_GRANT = "5.5";
    await expect(db.$transaction((tx) => grantFreeCredits(tx, workspace.id))).rejects.toThrow(/BILLING_FREE_GRANT/);
  });
});
