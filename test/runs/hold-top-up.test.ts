import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { appendLedgerEntry } from "@/lib/billing/credits";
import { newId } from "@/lib/core/ids";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, graph, http, output, startTestRun, startTestWorker, trigger, waitForRun } from "@/test/support/run-worker";

// A run that spends more than it holds (its expected cost fell short: a prompt rendered longer
// than its template, say) tops its hold up from the available credits before the step that
// would pass it — or, when they do not cover it, the step is not made: usage never overdraws.
// The runs are queued before any worker runs, and their holds shrunk to stand for a short
// estimate, so the worker meets exactly that situation.

let upstream: FakeUpstream;
let restoreEgress: () => void;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  restoreEgress = allowLoopbackEgress();
});
afterAll(async () => {
  restoreEgress();
  await upstream.close();
});

async function setBalance(workspaceId: string, target: bigint) {
  const { balance } = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId } });
  await db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId, kind: "adjustment", amount: target - balance, sourceType: "admin", sourceId: newId("ledger") }));
}

/** Shrinks a queued run's hold to `hold` (giving the rest back to the workspace). */
async function shrinkHold(runId: string, workspaceId: string, hold: bigint) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  await db.$transaction([
    db.run.update({ where: { id: runId }, data: { creditHold: hold } }),
    db.workspaceBalance.update({ where: { workspaceId }, data: { held: { decrement: run.creditHold - hold } } }),
  ]);
}

describe("hold top-up", { timeout: 30_000 }, () => {
  it("tops the hold up when the credits cover it (run succeeds, all given back), and refuses the step with insufficient_credits when they do not (balance never below zero)", async () => {
    const rich = await engineTenant(upstream.url);
    const poor = await engineTenant(upstream.url);
    // trigger 100 + http (100 + 500) + output 100 = 800 expected and held.
    const g = (t: Awaited<ReturnType<typeof engineTenant>>) => graph([trigger(), http("call", t.connectionId, "/ok"), output()], ["trigger>call", "call>output"]);
    await setBalance(rich.workspace.id, 5_000n);
    await setBalance(poor.workspace.id, 800n);
    const a = await startTestRun({ workspaceId: rich.workspace.id, projectId: rich.project.id, graph: g(rich), budget: 1_000_000 });
    const b = await startTestRun({ workspaceId: poor.workspace.id, projectId: poor.project.id, graph: g(poor), budget: 1_000_000 });
    await shrinkHold(a.run.id, rich.workspace.id, 100n);
    await shrinkHold(b.run.id, poor.workspace.id, 100n);
    // The poor workspace's other 700 are taken by something else meanwhile.
    await setBalance(poor.workspace.id, 100n);

    const worker = await startTestWorker();
    try {
      const done = await waitForRun(a.run.id, ["succeeded", "failed", "budget_exceeded"]);
      expect(done).toMatchObject({ status: "succeeded", spent: 800n, creditHold: 0n });
      expect(await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: rich.workspace.id } })).toMatchObject({ balance: 4_200n, held: 0n });

      const refused = await waitForRun(b.run.id, ["succeeded", "failed", "budget_exceeded"]);
      expect(refused).toMatchObject({ status: "failed", error: { code: "insufficient_credits", nodeId: "call" }, creditHold: 0n });
      expect(upstream.seen.filter((r) => r.key?.startsWith(`${b.run.id}:`))).toHaveLength(0);
      const left = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: poor.workspace.id } });
      expect(left.held).toBe(0n);
      expect(left.balance).toBe(100n - refused.spent);
      expect(left.balance >= 0n).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
