// A burst of signed deliveries against a workspace whose balance covers exactly their expected
// cost: every one is acknowledged (202) and becomes a run that finishes, because a run holds
// what it is expected to spend (the hello workflow: 3 steps × 100 micros), not its $1 budget.
// Before, the first run held the whole balance and the other 499 got 402. And deliveries whose
// credits are held by other runs wait in the queue for them instead of being refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { appendLedgerEntry, releaseRunHold } from "@/lib/billing/credits";
import { stopBoss } from "@/lib/queue/boss";
import { isTerminalRunStatus } from "@/lib/schemas/runs";
import { startTestWorker, type TestWorker } from "@/test/support/run-worker";
import { tenant } from "@/test/support/world";
import { startBillableRun } from "@/test/factories/billing";
import { createSubscription, deliver, type Created } from "./inbound-helpers";

const DELIVERIES = 500;
const EXPECTED = 300n;

let worker: TestWorker | null = null;
const savedLimit = process.env.AR_RL_INBOUND_POINTS;

beforeAll(() => {
  process.env.AR_RL_INBOUND_POINTS = String(DELIVERIES * 2);
});

afterAll(async () => {
  await worker?.stop();
  await stopBoss();
  if (savedLimit === undefined) delete process.env.AR_RL_INBOUND_POINTS;
  else process.env.AR_RL_INBOUND_POINTS = savedLimit;
});

async function waitUntilAllTerminal(subscriptionId: string, timeoutMs: number, count = DELIVERIES) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const runs = await db.run.findMany({ where: { inboundSubscriptionId: subscriptionId }, select: { id: true, status: true, error: true } });
    if ((runs.length >= count && runs.every((r) => isTerminalRunStatus(r.status))) || Date.now() > deadline) return runs;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("inbound admission under a burst", { timeout: 600_000 }, () => {
  it(`${DELIVERIES} deliveries at once on a balance covering their cost → ${DELIVERIES} × 202 and ${DELIVERIES} runs that finish; then an empty balance → 402`, async () => {
    const t = await tenant({ credits: EXPECTED * BigInt(DELIVERIES), workflow: true });
    const sub = (await createSubscription(t, t.workflow.id)).json as Created;

    const results = await Promise.all(Array.from({ length: DELIVERIES }, (_, i) => deliver(sub, JSON.stringify({ name: `sender-${i}` }))));
    const statuses = new Map<number, number>();
    for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 202: DELIVERIES });
    expect(new Set(results.map((r) => r.json.runId)).size).toBe(DELIVERIES);
    // Acknowledged = committed: every delivery's log line names its run before any worker ran.
    expect(await db.inboundDelivery.count({ where: { subscriptionId: sub.id, status: 202, reason: "accepted" } })).toBe(DELIVERIES);
    expect(await db.run.count({ where: { inboundSubscriptionId: sub.id } })).toBe(0);

    worker = await startTestWorker();
    const runs = await waitUntilAllTerminal(sub.id, 540_000);
    expect(runs).toHaveLength(DELIVERIES);
    expect(runs.every((r) => isTerminalRunStatus(r.status))).toBe(true);
    // On a quiet machine all succeed; under heavy load the engine may fail one (its error is shown).
    const unfinished = runs.filter((r) => r.status !== "succeeded");
    expect(unfinished.length, JSON.stringify(unfinished)).toBeLessThanOrEqual(1);
    // Nothing is left held; the balance is what the ledger says (each succeeded run spent its 300).
    const charged = await db.usageRecord.aggregate({ where: { workspaceId: t.workspace.id }, _sum: { charge: true } });
    expect(await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).toMatchObject({ balance: EXPECTED * BigInt(DELIVERIES) - (charged._sum.charge ?? 0n), held: 0n });
    expect(await db.usageRecord.count({ where: { workspaceId: t.workspace.id, runId: { in: (await db.run.findMany({ where: { inboundSubscriptionId: sub.id, status: "succeeded" }, select: { id: true } })).map((r) => r.id) } } })).toBe((DELIVERIES - unfinished.length) * 3);
    // Empty the balance (already 0 when every run succeeded): refused at once, logged, no run.
    const left = (await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).balance;
    if (left > 0n) await db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId: t.workspace.id, kind: "adjustment", amount: -left, sourceType: "admin", sourceId: `drain-${sub.id}` }));
    const refused = await deliver(sub, '{"name":"late"}');
    expect(refused.status).toBe(402);
    expect(refused.json.error.code).toBe("insufficient_credits");
    expect(await db.run.count({ where: { inboundSubscriptionId: sub.id } })).toBe(DELIVERIES);
    expect(await db.inboundDelivery.count({ where: { subscriptionId: sub.id, status: 202, reason: "accepted" } })).toBe(DELIVERIES);
    expect(await db.inboundDelivery.count({ where: { subscriptionId: sub.id, status: 402, reason: "insufficient_credits" } })).toBe(1);
  });

  it("deliveries whose credits other runs hold are accepted and wait; they start when the hold is released", async () => {
    const t = await tenant({ credits: EXPECTED * 10n, workflow: true });
    const sub = (await createSubscription(t, t.workflow.id)).json as Created;
    // Another run holds all but one expected cost.
    const holder = await startBillableRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: t.workflow.id, budget: EXPECTED * 9n });
    worker ??= await startTestWorker();

    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => deliver(sub, JSON.stringify({ name: `w-${i}` }))));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(202));
    const first = await waitFor(async () => (await db.run.count({ where: { inboundSubscriptionId: sub.id } })) >= 1, 20_000);
    expect(first).toBe(true);
    // Only one is covered; the others wait (no 402 on their log lines, no run yet).
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await db.run.count({ where: { inboundSubscriptionId: sub.id } })).toBe(1);
    expect(await db.inboundDelivery.count({ where: { subscriptionId: sub.id, reason: "accepted" } })).toBe(5);

    await db.$transaction(async (tx) => {
      await releaseRunHold(tx, holder.id);
      await tx.run.update({ where: { id: holder.id }, data: { status: "canceled", finishedAt: new Date() } });
    });
    const runs = await waitUntilAllTerminal(sub.id, 60_000, 5);
    expect(runs.map((r) => r.status)).toEqual(Array(5).fill("succeeded"));
    expect(await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).toMatchObject({ balance: EXPECTED * 5n, held: 0n });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
