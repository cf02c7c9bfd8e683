import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { getBalance } from "@/lib/billing/credits";
import { pricing } from "@/lib/billing/pricing";
import { startRun } from "@/lib/runs/start-run";
import { genesisHash, receiptStepOf, stepHash } from "@/lib/runs/receipts/canonical-step";
import { runCheckpoint } from "@/lib/runs/engine/checkpoint";
import { commit, GateFull, newExec, type Exec } from "@/lib/runs/engine/exec-state";
import { loadRun } from "@/lib/runs/engine/load-run";
import { runLocker, runLockKeys, type RunLock } from "@/lib/runs/engine/run-lock";
import { LOCK_LOST } from "@/lib/runs/engine/step-error";
import { runEventHub } from "@/lib/runs/event-hub";
import { closeSharedRedis } from "@/lib/redis/client";
import type { RunEventNotice } from "@/lib/runs/events";
import { startRedis } from "@/test/connections/redis-server";
import { createTestWorkflow } from "@/test/factories/workflows";
import { tenant } from "@/test/support/world";

// The engine's checkpoint as one statement (SQL run_checkpoint): it fences, gates, writes the step
// rows, charges, ends the run and appends the events with one NOTIFY — or writes nothing at all.

async function queuedRun(opts: { maxConcurrentRuns?: number } = {}) {
  const t = await tenant({ credits: true });
  if (opts.maxConcurrentRuns !== undefined) await db.workspace.update({ where: { id: t.workspace.id }, data: { maxConcurrentRuns: opts.maxConcurrentRuns } });
  const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
  const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: workflow.id, input: { name: "Ada" }, trigger: "api" });
  return { t, runId: run.id };
}

async function execOf(runId: string, lock: RunLock): Promise<Exec> {
  const loaded = (await loadRun(runId))!;
  const plan = loaded.plan();
  return newExec(loaded, lock, new AbortController().signal, plan.graph, plan.order);
}

/** The trigger settled, its row, events and charge pending (as a pure step leaves them). */
function settleTrigger(exec: Exec) {
  const now = new Date();
  exec.pending.push({
    step: { nodeId: "trigger", nodeType: "trigger", seq: exec.nextSeq++, status: "succeeded", attempts: 1, attemptLog: [], input: { name: "Ada" }, output: { name: "Ada" }, startedAt: now, finishedAt: now, latencyMs: 0 },
    events: [
      { type: "step.started", nodeId: "trigger", data: { nodeType: "trigger", attempt: 1 } },
      { type: "step.succeeded", nodeId: "trigger", data: { nodeType: "trigger", attempt: 1 } },
    ],
    usage: [{ nodeId: "trigger", attempt: 1, kind: "step", charge: pricing().stepPrice }],
  });
}

/** A queued run whose lock this process holds, loaded, its trigger settled (pending for the next checkpoint). */
async function heldRun(opts: { maxConcurrentRuns?: number } = {}) {
  const { t, runId } = await queuedRun(opts);
  const lock = (await runLocker().tryLock(runId))!;
  const exec = await execOf(runId, lock);
  settleTrigger(exec);
  return { t, runId, lock, exec };
}

async function stateOf(runId: string, workspaceId: string) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  return {
    status: run.status,
    spent: run.spent,
    steps: await db.runStep.count({ where: { runId } }),
    events: await db.runEvent.count({ where: { runId } }),
    usage: await db.usageRecord.count({ where: { runId } }),
    ledger: await db.ledgerEntry.count({ where: { runId } }),
    balance: await getBalance(workspaceId),
  };
}

/** Collects NOTIFYs on run_events for `runId` while `fn` runs. */
async function notifiesDuring(runId: string, fn: () => Promise<void>): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const got: unknown[] = [];
  client.on("notification", (m) => {
    const v = JSON.parse(m.payload ?? "{}") as { runId?: string };
    if (v.runId === runId) got.push(v);
  });
  await client.query("LISTEN run_events");
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    await client.end();
  }
  return got;
}

describe("run_checkpoint", () => {
  it("refuses a stale fence: a worker that does not hold the run's lock writes nothing", async () => {
    const { t, runId } = await queuedRun();
    const before = await stateOf(runId, t.workspace.id);
    // The lock's key, but a connection (backend pid) that does not hold it.
    const stale: RunLock = { runId, pid: 1, keys: runLockKeys(runId) };
    const exec = await execOf(runId, stale);
    settleTrigger(exec);
    await expect(commit(exec, { end: { status: "succeeded" } })).rejects.toMatchObject({ reason: LOCK_LOST });
    expect(await stateOf(runId, t.workspace.id)).toEqual(before);
    expect(before).toMatchObject({ status: "queued", steps: 0, usage: 0, ledger: 0 });
  });

  it("does a whole checkpoint in one statement: gate, step row, charge, end, hold released, events with one NOTIFY", async () => {
    const { t, runId, lock, exec } = await heldRun();
    try {
      exec.output = { greeting: "hi" };
      const notifies = await notifiesDuring(runId, async () => {
        await commit(exec, { end: { status: "succeeded" } });
      });
      // Taken in one statement: the job still knows the chain it wrote (the transaction path forgets it).
      expect(exec.chain).not.toBeNull();
      const after = await stateOf(runId, t.workspace.id);
      expect(after).toMatchObject({ status: "succeeded", spent: pricing().stepPrice, steps: 1, usage: 1, ledger: 1 });
      expect(after.balance.held).toBe(0n);
      const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
      expect(events.map((e) => e.type)).toEqual(["run.queued", "run.started", "step.started", "step.succeeded", "run.succeeded"]);
      expect(events.at(-1)!.data).toMatchObject({ status: "succeeded", spent: Number(pricing().stepPrice), output: { greeting: "hi" } });
      expect(notifies).toEqual([
        {
          runId,
          workspaceId: t.workspace.id,
          projectId: t.project.id,
          events: [
            { seq: 2, type: "run.started", status: "running" },
            { seq: 3, type: "step.started" },
            { seq: 4, type: "step.succeeded" },
            { seq: 5, type: "run.succeeded", status: "succeeded" },
          ],
        },
      ]);
      const [row] = await db.runStep.findMany({ where: { runId } });
      expect(row.prevHash).toBe(genesisHash(runId));
      expect(row.hash).toBe(stepHash(row.prevHash!, receiptStepOf(row)));
      // Checkpointing the same usage again charges nothing twice (the run is terminal: refused).
      await expect(commit(exec, {})).rejects.toMatchObject({ reason: "run is succeeded" });
      expect((await stateOf(runId, t.workspace.id)).ledger).toBe(1);
    } finally {
      await runLocker().unlock(lock);
    }
  });

  it("writes nothing and hands back when the stored chain is not the one the links were computed from", async () => {
    const { t, runId } = await queuedRun();
    const lock = (await runLocker().tryLock(runId))!;
    try {
      const before = await stateOf(runId, t.workspace.id);
      const row = { id: "stp_x", nodeId: "trigger", nodeType: "trigger", seq: 2, status: "succeeded", attempts: 1, attemptLog: [], input: null, output: null, error: null,
        tokensIn: null, tokensOut: null, cost: "0", latencyMs: 0, startedAt: new Date().toISOString(), finishedAt: null, prevHash: "wrong", hash: "wrong2" };
      const r = await runCheckpoint(runId, lock, { ws: t.workspace.id, proj: t.project.id, wf: null, now: new Date().toISOString(), notify: true, start: null, steps: [row], prev: "not-the-stored-hash", events: [], usage: [], finish: null });
      expect(r).toEqual({ result: "slow" });
      expect(await stateOf(runId, t.workspace.id)).toEqual(before);

      // Through the engine, the same situation takes the transaction path and the chain stays valid.
      const exec = await execOf(runId, lock);
      exec.chain!.set(0, "not-the-stored-hash");
      settleTrigger(exec);
      exec.pending[0].step.seq = 1;
      await commit(exec, { end: { status: "succeeded" } });
      expect(exec.chain).toBeNull();
      const [step] = await db.runStep.findMany({ where: { runId } });
      expect(step.prevHash).toBe(genesisHash(runId));
      expect(step.hash).toBe(stepHash(step.prevHash!, receiptStepOf(step)));
      expect(await stateOf(runId, t.workspace.id)).toMatchObject({ status: "succeeded", steps: 1, usage: 1, ledger: 1 });
    } finally {
      await runLocker().unlock(lock);
    }
  });

  // A run that would end in the same checkpoint (it holds no slot after it) is refused too.
  it.each([
    ["keeps running after the checkpoint", {}],
    ["would start and end in one checkpoint", { end: { status: "succeeded" as const } }],
  ])("at a full concurrency gate a run that %s stays queued and nothing is written", async (_, plan) => {
    const { t, runId, lock, exec } = await heldRun({ maxConcurrentRuns: 0 });
    try {
      const before = await stateOf(runId, t.workspace.id);
      await expect(commit(exec, plan)).rejects.toBeInstanceOf(GateFull);
      expect(await stateOf(runId, t.workspace.id)).toEqual(before);
    } finally {
      await runLocker().unlock(lock);
    }
  });
});

// Each new version of a Run row fires the stats rollup trigger (on a change of status or spend)
// and, on a change of status, rewrites every index of Run: a checkpoint writes the row once.
describe("one update of the Run row per checkpoint", () => {
  /** Counts the updates of `runId`'s row while `fn` runs (a row trigger, dropped after). */
  async function runRowUpdatesDuring(runId: string, fn: () => Promise<unknown>): Promise<number> {
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_run_row_updates ("runId" text NOT NULL)`);
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION test_run_row_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_run_row_updates VALUES (NEW.id); RETURN NULL; END $$`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER test_run_row_update AFTER UPDATE ON "Run" FOR EACH ROW EXECUTE FUNCTION test_run_row_update()`);
    try {
      await fn();
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER test_run_row_update ON "Run"`);
    }
    const [{ n }] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM test_run_row_updates WHERE "runId" = ${runId}`;
    return n;
  }

  it("a run that starts, is charged, ends, gets its events and its hold back in one checkpoint: one update, counted once in the rollups", async () => {
    const { t, runId, lock, exec } = await heldRun();
    try {
      exec.output = { greeting: "hi" };
      expect(await runRowUpdatesDuring(runId, () => commit(exec, { end: { status: "succeeded" } }))).toBe(1);
      const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
      expect(run).toMatchObject({ status: "succeeded", spent: pricing().stepPrice, creditHold: 0n, lastEventSeq: 5, output: { greeting: "hi" } });
      expect(run.startedAt).not.toBeNull();
      expect(run.finishedAt).not.toBeNull();
      expect((await getBalance(t.workspace.id)).held).toBe(0n);
      // The insert counted it queued; the one update moved it to succeeded with its spend.
      const deltas = await db.runStatsDelta.findMany({ where: { projectId: t.project.id }, orderBy: { id: "asc" } });
      expect(deltas.map((d) => [d.status, d.runs, d.cost])).toEqual([
        ["queued", 1, 0n],
        ["queued", -1, 0n],
        ["succeeded", 1, pricing().stepPrice],
      ]);
    } finally {
      await runLocker().unlock(lock);
    }
  });

  it("run_finish from a transaction (cancel, approvals) ends the run and releases its hold in one update", async () => {
    const { t, runId } = await queuedRun();
    expect((await db.run.findUniqueOrThrow({ where: { id: runId } })).creditHold).toBeGreaterThan(0n);
    const n = await runRowUpdatesDuring(runId, () =>
      db.$queryRaw`SELECT run_finish(${runId}, ${t.workspace.id}, ${t.project.id}, 'canceled', NULL, false, NULL, NULL, 'evt_test', '{}'::text[], now()::timestamp)::text`,
    );
    expect(n).toBe(1);
    expect(await db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "canceled", creditHold: 0n });
    expect((await getBalance(t.workspace.id)).held).toBe(0n);
  });
});

/** A transaction on its own connection holding `lockSql` until release(). */
async function holding(lockSql: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query("BEGIN");
  await client.query(lockSql, values);
  return {
    pid: (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid,
    release: async () => {
      await client.query("ROLLBACK");
      await client.end();
    },
  };
}

/** What `p` did within `ms`: its outcome, or "pending" (the promise is left to settle). */
async function within<T>(p: Promise<T>, ms: number): Promise<{ done: true; value: T } | { done: false }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ done: false }>((r) => (timer = setTimeout(() => r({ done: false }), ms)));
  try {
    return await Promise.race([p.then((value) => ({ done: true as const, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The backend of the checkpoint statement waiting on a lock held by `holderPid`. */
async function waiterOf(holderPid: number): Promise<number | null> {
  for (let i = 0; i < 100; i++) {
    const rows = await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE ${holderPid}::int = ANY(pg_blocking_pids(pid))`;
    if (rows.length > 0) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}

describe("run_checkpoint and the workspace's locks", () => {
  const gateSql = "SELECT pg_advisory_xact_lock(hashtext('run-concurrency:' || $1::text))";

  it("a run that starts and ends in one checkpoint does not wait for the concurrency gate (it holds no slot after the commit)", async () => {
    const { t, runId, lock, exec } = await heldRun();
    const gate = await holding(gateSql, [t.workspace.id]);
    try {
      const outcome = await within(commit(exec, { end: { status: "succeeded" } }), 5_000);
      expect(outcome.done).toBe(true);
      expect(await stateOf(runId, t.workspace.id)).toMatchObject({ status: "succeeded", steps: 1, ledger: 1 });
    } finally {
      await gate.release();
      await runLocker().unlock(lock);
    }
  });

  it("a run that keeps running after the checkpoint takes the gate: it waits while another start holds it", async () => {
    const { t, runId, lock, exec } = await heldRun();
    const gate = await holding(gateSql, [t.workspace.id]);
    let released = false;
    try {
      const committing = commit(exec, {});
      expect(await waiterOf(gate.pid)).not.toBeNull();
      expect((await within(committing, 300)).done).toBe(false);
      await gate.release();
      released = true;
      await committing;
      expect(await stateOf(runId, t.workspace.id)).toMatchObject({ status: "running", steps: 1, ledger: 1 });
    } finally {
      if (!released) await gate.release();
      await runLocker().unlock(lock);
    }
  });

  it("takes the workspace's balance row last: while another transaction holds it, the checkpoint has already written its steps, events and Run row", async () => {
    const { t, runId, lock, exec } = await heldRun();
    const balance = await holding(`SELECT 1 FROM "WorkspaceBalance" WHERE "workspaceId" = $1 FOR UPDATE`, [t.workspace.id]);
    let released = false;
    try {
      const committing = commit(exec, { end: { status: "succeeded" } });
      const waiter = await waiterOf(balance.pid);
      expect(waiter).not.toBeNull();
      // The waiting statement holds write locks on the step, event and run tables: it wrote them
      // first (the Run row's one update included; only locking it takes a weaker lock).
      const tables = await db.$queryRaw<{ rel: string }[]>`
        SELECT c.relname AS rel FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
         WHERE l.pid = ${waiter}::int AND l.mode = 'RowExclusiveLock' AND c.relname IN ('Run', 'RunStep', 'RunEvent', 'UsageRecord') ORDER BY 1`;
      expect(tables.map((r) => r.rel)).toEqual(["Run", "RunEvent", "RunStep", "UsageRecord"]);
      await balance.release();
      released = true;
      await committing;
      const after = await stateOf(runId, t.workspace.id);
      expect(after).toMatchObject({ status: "succeeded", spent: pricing().stepPrice, ledger: 1 });
      expect(after.balance.held).toBe(0n);
    } finally {
      if (!released) await balance.release();
      await runLocker().unlock(lock);
    }
  });
});

describe("a run handed over while its lost worker's checkpoint is still in flight", () => {
  /** Worker A: the run's lock held on its own lock connection; die() closes that connection. */
  async function otherWorkerHolding(runId: string) {
    const conn = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await conn.connect();
    const keys = runLockKeys(runId);
    await conn.query("SELECT pg_advisory_lock($1, $2)", keys);
    const pid = (await conn.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    let dead = false;
    return {
      lock: { runId, pid, keys } satisfies RunLock,
      die: async () => {
        if (!dead) await conn.end();
        dead = true;
      },
    };
  }

  it("the new worker's load waits for that checkpoint to commit and sees its writes (no completed step is called again)", async () => {
    const { t, runId } = await queuedRun();
    // Worker A: its own lock connection holds the run's lock, and its checkpoint is in flight —
    // past the Run row and the fence, held up on the balance row by another transaction.
    const a = await otherWorkerHolding(runId);
    const balance = await holding(`SELECT 1 FROM "WorkspaceBalance" WHERE "workspaceId" = $1 FOR UPDATE`, [t.workspace.id]);
    let released = false;
    let lockB: RunLock | null = null;
    try {
      const exec = await execOf(runId, a.lock);
      settleTrigger(exec);
      const committing = commit(exec, { end: { status: "succeeded" } });
      expect(await waiterOf(balance.pid)).not.toBeNull();
      // A dies: its lock connection closes (its statement runs on), and worker B takes the run.
      await a.die();
      lockB = await runLocker().tryLock(runId);
      expect(lockB).not.toBeNull();
      const loading = loadRun(runId);
      expect((await within(loading, 300)).done).toBe(false);
      await balance.release();
      released = true;
      await committing;
      const loaded = (await loading)!;
      expect(loaded.run.status).toBe("succeeded");
      expect(loaded.steps.map((s) => [s.nodeId, s.status])).toEqual([["trigger", "succeeded"]]);
    } finally {
      if (!released) await balance.release();
      if (lockB) await runLocker().unlock(lockB);
      await a.die();
    }
  });

  it("a checkpoint that reaches the Run row after the new worker's load writes nothing", async () => {
    const { t, runId } = await queuedRun();
    const a = await otherWorkerHolding(runId);
    const exec = await execOf(runId, a.lock);
    settleTrigger(exec);
    await a.die();
    const lockB = (await runLocker().tryLock(runId))!;
    try {
      expect((await loadRun(runId))!.steps).toEqual([]);
      await expect(commit(exec, { end: { status: "succeeded" } })).rejects.toMatchObject({ reason: LOCK_LOST });
      expect(await stateOf(runId, t.workspace.id)).toMatchObject({ status: "queued", steps: 0, usage: 0, ledger: 0 });
    } finally {
      await runLocker().unlock(lockB);
    }
  });
});

describe("checkpoints group-committed (run_checkpoint_batch)", () => {
  /** Runs `fn` with one checkpoint statement in flight per process, so the ones due meanwhile share the next. */
  async function oneInFlight<T>(fn: () => Promise<T>): Promise<T> {
    const before = process.env.RUN_CHECKPOINT_CONCURRENCY;
    process.env.RUN_CHECKPOINT_CONCURRENCY = "1";
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.RUN_CHECKPOINT_CONCURRENCY;
      else process.env.RUN_CHECKPOINT_CONCURRENCY = before;
    }
  }

  async function readyRuns(n: number, workspaces = 1) {
    const tenants = await Promise.all(Array.from({ length: workspaces }, () => tenant({ credits: true })));
    const runs = [];
    for (let i = 0; i < n; i++) {
      const t = tenants[i % workspaces];
      const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
      const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: workflow.id, input: { name: "Ada" }, trigger: "api" });
      const lock = (await runLocker().tryLock(run.id))!;
      const exec = await execOf(run.id, lock);
      settleTrigger(exec);
      runs.push({ t, runId: run.id, lock, exec });
    }
    return runs;
  }

  it("checkpoints due together share one statement and one commit; each run's writes, charge, events and NOTIFY are its own", async () => {
    const runs = await readyRuns(6, 2);
    try {
      const notifies = await Promise.all(runs.map(() => [] as unknown[]));
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      client.on("notification", (m) => {
        const v = JSON.parse(m.payload ?? "{}") as { runId?: string };
        const i = runs.findIndex((r) => r.runId === v.runId);
        if (i >= 0) notifies[i].push(v);
      });
      await client.query("LISTEN run_events");
      await oneInFlight(() => Promise.all(runs.map((r) => commit(r.exec, { end: { status: "succeeded" } }))));
      await new Promise((r) => setTimeout(r, 200));
      await client.end();
      // The first went alone; the five due while it was in flight were committed by one transaction.
      const xmins = await db.$queryRaw<{ id: string; x: string }[]>`SELECT id, xmin::text AS x FROM "Run" WHERE id = ANY(${runs.map((r) => r.runId)}::text[])`;
      const byRun = new Map(xmins.map((r) => [r.id, r.x]));
      expect(new Set(runs.slice(1).map((r) => byRun.get(r.runId))).size).toBe(1);
      expect(byRun.get(runs[0].runId)).not.toBe(byRun.get(runs[1].runId));
      for (const [i, r] of runs.entries()) {
        const after = await stateOf(r.runId, r.t.workspace.id);
        expect(after).toMatchObject({ status: "succeeded", spent: pricing().stepPrice, steps: 1, events: 5, usage: 1, ledger: 1 });
        expect(after.balance.held).toBe(0n);
        expect(notifies[i]).toHaveLength(1);
        expect(r.exec.chain).not.toBeNull();
      }
      // Each workspace's ledger runs down its balance in order, one entry per run.
      for (const t of new Set(runs.map((r) => r.t))) {
        const entries = await db.ledgerEntry.findMany({ where: { workspaceId: t.workspace.id }, orderBy: { seq: "asc" } });
        for (let k = 1; k < entries.length; k++) expect(entries[k].balanceAfter).toBe(entries[k - 1].balanceAfter + entries[k].amount);
        expect(entries.filter((e) => e.kind === "usage")).toHaveLength(3);
      }
    } finally {
      for (const r of runs) await runLocker().unlock(r.lock);
    }
  });

  it("a batch writes each table once for all its runs: one insert of step rows, events, usage records and ledger entries, one update of the Run rows and of the balances", async () => {
    const runs = await readyRuns(6, 2);
    // The first workspace has five endpoints for run.started and run.succeeded (more than the four
    // delivery ids a publish brings), one disabled and one for another event; the second none.
    const hooked = runs[0].t;
    const endpoint = (events: string[], enabled = true) =>
      db.webhookEndpoint.create({
        data: { id: newId("webhook"), workspaceId: hooked.workspace.id, projectId: hooked.project.id, url: "https://hooks.example.test/in", events, enabled, secret: Buffer.from("unused") },
      });
    for (let k = 0; k < 5; k++) await endpoint(["run.started", "run.succeeded"]);
    await endpoint(["run.started", "run.succeeded"], false);
    await endpoint(["run.failed"]);
    const tables = ["RunStep", "RunEvent", "UsageRecord", "LedgerEntry", "Run", "WorkspaceBalance", "WebhookDelivery"];
    await db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS test_statements (tbl text NOT NULL, op text NOT NULL)`);
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION test_statement() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO test_statements VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`,
    );
    for (const t of tables) await db.$executeRawUnsafe(`CREATE TRIGGER test_statement AFTER INSERT OR UPDATE ON "${t}" FOR EACH STATEMENT EXECUTE FUNCTION test_statement()`);
    try {
      await oneInFlight(() => Promise.all(runs.map((r) => commit(r.exec, { end: { status: "succeeded" } }))));
    } finally {
      for (const t of tables) await db.$executeRawUnsafe(`DROP TRIGGER test_statement ON "${t}"`);
      for (const r of runs) await runLocker().unlock(r.lock);
    }
    const counts = await db.$queryRaw<{ tbl: string; op: string; n: number }[]>`SELECT tbl, op, count(*)::int AS n FROM test_statements GROUP BY 1, 2`;
    const statements = (tbl: string, op: string) => counts.find((c) => c.tbl === tbl && c.op === op)?.n ?? 0;
    // The first checkpoint went alone, the other five (two workspaces) together: two of each.
    for (const t of ["RunStep", "RunEvent", "UsageRecord", "LedgerEntry", "WebhookDelivery"]) expect([t, statements(t, "INSERT")]).toEqual([t, 2]);
    expect(statements("Run", "UPDATE")).toBe(2);
    expect(statements("WorkspaceBalance", "UPDATE")).toBe(2);
    for (const r of runs) {
      expect(await stateOf(r.runId, r.t.workspace.id)).toMatchObject({ status: "succeeded", spent: pricing().stepPrice, steps: 1, events: 5, usage: 1, ledger: 1 });
    }
    const deliveries = await db.webhookDelivery.findMany({ where: { workspaceId: { in: runs.map((r) => r.t.workspace.id) } } });
    const hookedRuns = runs.filter((r) => r.t === hooked).map((r) => r.runId);
    expect(hookedRuns).toHaveLength(3);
    expect(deliveries).toHaveLength(3 * 2 * 5);
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(30);
    for (const d of deliveries) expect(d.workspaceId).toBe(hooked.workspace.id);
    for (const runId of hookedRuns) {
      for (const type of ["run.started", "run.succeeded"]) {
        const mine = deliveries.filter((d) => d.eventType === type && (d.payload as { data: { runId: string } }).data.runId === runId);
        expect([runId, type, mine.length, new Set(mine.map((d) => d.endpointId)).size, new Set(mine.map((d) => d.eventId)).size]).toEqual([runId, type, 5, 5, 1]);
      }
    }
    for (const t of new Set(runs.map((r) => r.t))) {
      const entries = await db.ledgerEntry.findMany({ where: { workspaceId: t.workspace.id }, orderBy: { seq: "asc" } });
      for (let k = 1; k < entries.length; k++) expect(entries[k].balanceAfter).toBe(entries[k - 1].balanceAfter + entries[k].amount);
      expect((await getBalance(t.workspace.id)).balance).toBe(entries.at(-1)!.balanceAfter);
      expect((await getBalance(t.workspace.id)).held).toBe(0n);
    }
  });

  it("loads asked for together share one statement and each job gets its own run (a deleted one: null)", async () => {
    const runs = await readyRuns(5, 2);
    try {
      const before = process.env.RUN_LOAD_CONCURRENCY;
      process.env.RUN_LOAD_CONCURRENCY = "1";
      let loaded;
      try {
        loaded = await Promise.all([...runs.map((r) => loadRun(r.runId)), loadRun("run_does_not_exist")]);
      } finally {
        if (before === undefined) delete process.env.RUN_LOAD_CONCURRENCY;
        else process.env.RUN_LOAD_CONCURRENCY = before;
      }
      expect(loaded.at(-1)).toBeNull();
      for (const [i, r] of runs.entries()) {
        expect(loaded[i]!.run).toMatchObject({ id: r.runId, workspaceId: r.t.workspace.id, status: "queued", input: { name: "Ada" } });
        expect(loaded[i]!.steps).toEqual([]);
      }
    } finally {
      for (const r of runs) await runLocker().unlock(r.lock);
    }
  });

  it("in a batch, a run whose lock is lost writes nothing and the others commit", async () => {
    const runs = await readyRuns(4);
    try {
      const stale = runs[2];
      stale.exec.lock = { ...stale.lock, pid: 1 };
      const outcomes = await oneInFlight(() => Promise.allSettled(runs.map((r) => commit(r.exec, { end: { status: "succeeded" } }))));
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
      expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ reason: LOCK_LOST });
      expect(await stateOf(stale.runId, stale.t.workspace.id)).toMatchObject({ status: "queued", steps: 0, usage: 0, ledger: 0 });
      for (const r of [runs[0], runs[1], runs[3]]) expect(await stateOf(r.runId, r.t.workspace.id)).toMatchObject({ status: "succeeded", ledger: 1 });
    } finally {
      for (const r of runs) await runLocker().unlock(r.lock);
    }
  });

  it("a batch that fails is sent again one by one: only the run at fault fails", async () => {
    const runs = await readyRuns(4);
    try {
      // A step status the database refuses (RunStepStatus enum): that checkpoint's statement fails.
      runs[3].exec.pending[0].step.status = "bogus" as never;
      const outcomes = await oneInFlight(() => Promise.allSettled(runs.map((r) => commit(r.exec, { end: { status: "succeeded" } }))));
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "fulfilled", "rejected"]);
      expect(await stateOf(runs[3].runId, runs[3].t.workspace.id)).toMatchObject({ status: "queued", steps: 0, ledger: 0 });
      for (const r of runs.slice(0, 3)) expect(await stateOf(r.runId, r.t.workspace.id)).toMatchObject({ status: "succeeded", steps: 1, ledger: 1 });
    } finally {
      for (const r of runs) await runLocker().unlock(r.lock);
    }
  });
});

describe("run_checkpoint with REDIS_URL", () => {
  it("sends no NOTIFY; the checkpoint's events reach this process's subscribers through Redis after the commit, in order", { timeout: 60_000 }, async () => {
    const password = "ckpt-redis-password-0123";
    const redis = await startRedis(password);
    await runEventHub.close();
    process.env.REDIS_URL = `redis://:${password}@127.0.0.1:${redis.port}`;
    try {
      const { runId } = await queuedRun();
      const lock = (await runLocker().tryLock(runId))!;
      const seen: RunEventNotice[] = [];
      // The checkpoint's events (seq 2 on): the start's run.queued (seq 1), published through Redis
      // after its commit, may reach a subscription made after it.
      const unsubscribe = await runEventHub.subscribe((sig) => void (sig.kind === "event" && sig.notice.runId === runId && sig.notice.seq > 1 ? seen.push(sig.notice) : undefined));
      try {
        const exec = await execOf(runId, lock);
        settleTrigger(exec);
        const notifies = await notifiesDuring(runId, async () => {
          await commit(exec, { end: { status: "succeeded" } });
          for (const deadline = Date.now() + 5_000; seen.length < 4 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
        });
        expect(exec.chain).not.toBeNull();
        expect(notifies).toEqual([]);
        expect(seen.map((n) => [n.seq, n.type, n.status ?? null])).toEqual([
          [2, "run.started", "running"],
          [3, "step.started", null],
          [4, "step.succeeded", null],
          [5, "run.succeeded", "succeeded"],
        ]);
      } finally {
        unsubscribe();
        await runLocker().unlock(lock);
      }
    } finally {
      await runEventHub.close();
      await closeSharedRedis();
      delete process.env.REDIS_URL;
      await redis.stop();
    }
  });
});
