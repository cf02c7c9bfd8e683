// The gateway's usage batch (lib/agents/agent-usage.ts) against the engine's ways of moving a
// run's credits — usage charged under the Run row lock (the checkpoint's usage_record_charge,
// through recordUsage) and a run's end (run_finish, as cancel does) — on the same run and
// workspace. All of them take the Run row before the balance row, so none deadlocks another,
// and the ledger stays exact: one entry per charged usage record, running balances that chain
// in the order the entries were applied (seq), balance and held equal to what was charged and
// given back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, type Tx } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { finishAgentRun, openAgentRun, type AgentRunRef } from "@/lib/agents/agent-runs";
import { reserveOnRun, type AgentCallRecord } from "@/lib/agents/agent-usage";
import { recordUsage, type UsageItem } from "@/lib/metering/record-usage";
import { runUsageOwner } from "@/lib/metering/budget-owner";
import { agentCallRecord, commitAgentCallsOn, createTestAgent } from "@/test/factories/agents";
import { tenant } from "@/test/support/world";

const CREDITS = 1_000_000_000n;

let pool: pg.Pool;

afterAll(async () => {
  await pool?.end();
});

beforeAll(() => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
});

async function world() {
  const t = await tenant({ credits: CREDITS, staff: false, otherProject: false, passwordless: true });
  const agent = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
  const open = () => openAgentRun({ agent: { ...agent.agent, runBudget: 50_000_000n, projectDefaultRunBudget: null }, endUserId: "ada@example.com", request: { method: "POST", path: "/chat", via: "ingress" } });
  return { workspaceId: t.workspace.id, tokenId: agent.tokenId, open };
}

function call(run: AgentRunRef, charge: bigint, reserved: bigint): AgentCallRecord {
  return agentCallRecord(run, { cost: charge - 100n > 0n ? charge - 100n : 0n, charge, reserved });
}

const commit = (records: AgentCallRecord[]) => commitAgentCallsOn(pool, records);

/** Reserves each call's `reserved` on its run, as the gateway does before the call. */
async function reserve(tokenId: string, records: AgentCallRecord[]): Promise<void> {
  for (const r of records) expect(await reserveOnRun(pool, { id: r.runId, workspaceId: r.workspaceId }, tokenId, r.reserved)).toBe("held");
}

/**
 * The engine's way of charging: the Run row locked first (its checkpoint's fence), then usage
 * charged with usage_record_charge (recordUsage). `between` runs while the Run lock is held.
 */
async function engineCharge(run: AgentRunRef, items: UsageItem[], between: (tx: Tx) => Promise<unknown> = async () => {}): Promise<void> {
  await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Run" WHERE id = ${run.id} FOR UPDATE`;
      await between(tx);
      await recordUsage(tx, runUsageOwner({ ...run, workflowId: null }), items);
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

const engineItem = (charge: bigint): UsageItem => ({ nodeId: `node_${newId("usage").slice(-12)}`, attempt: 1, kind: "llm", provider: "openai", model: "gpt-4o-mini", charge });

/** Waits until some backend of this test's database waits on a lock. */
async function someoneWaits(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("nobody waited on a lock");
}

/** The workspace's books: exact balance and held, and a ledger that chains by seq. */
async function expectBooks(workspaceId: string, charged: bigint, usageIds: string[]) {
  const entries = await db.ledgerEntry.findMany({ where: { workspaceId }, orderBy: { seq: "asc" } });
  let running = 0n;
  for (const e of entries) {
    running += e.amount;
    expect(e.balanceAfter, `ledger entry ${e.id} (seq ${e.seq})`).toBe(running);
  }
  const usage = entries.filter((e) => e.kind === "usage");
  expect(usage.map((e) => e.sourceId).sort()).toEqual([...usageIds].sort());
  const balance = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId } });
  expect(balance.balance).toBe(CREDITS - charged);
  expect(running).toBe(CREDITS - charged);
  return balance;
}

const outcome = (s: PromiseSettledResult<unknown>) => (s.status === "fulfilled" ? "ok" : String((s.reason as Error)?.message ?? s.reason));

async function usageIdsOf(workspaceId: string): Promise<string[]> {
  return (await db.usageRecord.findMany({ where: { workspaceId, charge: { gt: 0n } }, select: { id: true } })).map((u) => u.id);
}

describe("the gateway's usage batch and the engine's charges on one run", () => {
  it("a batch that arrives while a checkpoint holds the run waits for it, and takes the balance after it: no deadlock", async () => {
    const w = await world();
    const run = await w.open();
    const calls = [call(run, 1_500n, 2_000n), call(run, 700n, 1_000n)];
    await reserve(w.tokenId, calls);
    let batch: Promise<void> | undefined;
    const engine = engineCharge(run, [engineItem(900n)], async () => {
      batch = commit(calls);
      batch.catch(() => {});
      await someoneWaits();
    });
    const [e, b] = await Promise.allSettled([engine, engine.then(() => batch!, () => batch!)]);
    expect([e, b].map(outcome)).toEqual(["ok", "ok"]);

    const books = await expectBooks(w.workspaceId, 3_100n, await usageIdsOf(w.workspaceId));
    const after = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect({ spent: after.spent, reserved: after.reserved, steps: after.lastStepSeq }).toEqual({ spent: 3_100n, reserved: 0n, steps: 2 });
    expect(books.held).toBe(after.creditHold - 3_100n);
  });

  it("a batch that arrives while the run is being canceled waits for the cancel: no deadlock, the hold given back once", async () => {
    const w = await world();
    const run = await w.open();
    const calls = [call(run, 1_200n, 1_500n)];
    await reserve(w.tokenId, calls);
    let batch: Promise<void> | undefined;
    const cancel = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Run" WHERE id = ${run.id} FOR UPDATE`;
        batch = commit(calls);
        batch.catch(() => {});
        await someoneWaits();
        await tx.$queryRaw`SELECT run_finish(${run.id}, ${run.workspaceId}, ${run.projectId}, 'canceled', NULL::jsonb, false, NULL::jsonb, NULL::jsonb, ${newId("event")}, '{}'::text[], now()::timestamp)::text`;
      },
      { timeout: 30_000, maxWait: 30_000 },
    );
    const [c, b] = await Promise.allSettled([cancel, cancel.then(() => batch!, () => batch!)]);
    expect([c, b].map(outcome)).toEqual(["ok", "ok"]);

    const books = await expectBooks(w.workspaceId, 1_200n, await usageIdsOf(w.workspaceId));
    expect(books.held).toBe(0n);
    const after = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect({ status: after.status, spent: after.spent, reserved: after.reserved, creditHold: after.creditHold }).toEqual({ status: "canceled", spent: 1_200n, reserved: 0n, creditHold: 0n });
  });

  it("batches, checkpoint charges and a cancel all at once on three runs of one workspace: exact books, a replay charges nothing", async () => {
    const w = await world();
    const runs = [await w.open(), await w.open(), await w.open()];
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const batches = Array.from({ length: 24 }, () => Array.from({ length: 1 + rand(4) }, () => call(runs[rand(3)], BigInt(100 + rand(5_000)), BigInt(rand(3_000)))));
    await reserve(w.tokenId, batches.flat());
    const engine = Array.from({ length: 12 }, () => ({ run: runs[rand(3)], items: Array.from({ length: 1 + rand(2) }, () => engineItem(BigInt(100 + rand(5_000)))) }));
    const sleep = (tx: Tx) => tx.$queryRaw`SELECT pg_sleep(0.005)::text`;

    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 24; i++) {
      work.push(commit(batches[i]));
      if (i % 2 === 0) work.push(engineCharge(engine[i / 2].run, engine[i / 2].items, sleep));
      if (i === 12) work.push(finishAgentRun(runs[0], "canceled"));
    }
    const settled = await Promise.allSettled(work);
    expect(settled.map(outcome).filter((o) => o !== "ok")).toEqual([]);
    await commit(batches[5]);
    for (const r of runs.slice(1)) await finishAgentRun(r, "succeeded");

    const charged = [...batches.flat().map((c) => c.charge), ...engine.flatMap((e) => e.items.map((i) => i.charge))].reduce((a, b) => a + b, 0n);
    const books = await expectBooks(w.workspaceId, charged, await usageIdsOf(w.workspaceId));
    expect(books.held).toBe(0n);
    expect(await db.usageRecord.count({ where: { workspaceId: w.workspaceId } })).toBe(batches.flat().length + engine.flatMap((e) => e.items).length);
    for (const r of runs) {
      const row = await db.run.findUniqueOrThrow({ where: { id: r.id } });
      const spent = (await db.usageRecord.aggregate({ where: { runId: r.id }, _sum: { charge: true } }))._sum.charge ?? 0n;
      const steps = batches.flat().filter((c) => c.runId === r.id).length;
      expect({ spent: row.spent, reserved: row.reserved, steps: row.lastStepSeq, creditHold: row.creditHold }).toEqual({ spent, reserved: 0n, steps, creditHold: 0n });
      expect(await db.runStep.count({ where: { runId: r.id } })).toBe(steps);
    }
  }, 60_000);

  it("one batch across two workspaces and three runs: each workspace's books exact, each run's spend its own", async () => {
    const [w1, w2] = [await world(), await world()];
    const [a, b, c] = [await w1.open(), await w1.open(), await w2.open()];
    const calls = [call(a, 500n, 0n), call(c, 700n, 0n), call(b, 300n, 0n), call(a, 0n, 0n), call(c, 900n, 0n), call(a, 200n, 0n)];
    await commit(calls);
    await commit(calls);
    await expectBooks(w1.workspaceId, 1_000n, await usageIdsOf(w1.workspaceId));
    await expectBooks(w2.workspaceId, 1_600n, await usageIdsOf(w2.workspaceId));
    const spent = Object.fromEntries((await db.run.findMany({ where: { id: { in: [a.id, b.id, c.id] } } })).map((r) => [r.id, [r.spent, r.lastStepSeq]]));
    expect(spent).toEqual({ [a.id]: [700n, 3], [b.id]: [300n, 1], [c.id]: [1_600n, 2] });
  });
});
