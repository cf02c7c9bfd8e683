import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { enginePool } from "@/lib/db/pool";
import { startRun } from "@/lib/runs/start-run";
import { warmEngineConnections } from "@/lib/runs/engine/warm-up";
import { createTestWorkflow } from "@/test/factories/workflows";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";
import { tenant } from "@/test/support/world";

// A starting worker opens the engine's connections and prepares its statements before its first
// run job (lib/runs/engine/warm-up.ts): on as many connections as it has statements in flight,
// with calls that name no run and so write nothing.

let worker: TestWorker | undefined;
afterAll(async () => {
  await worker?.stop();
});

async function queuedRun() {
  const t = await tenant({ credits: true, staff: false });
  const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
  const run = await startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: workflow.id, input: { name: "Ada" }, trigger: "api" });
  return { workspaceId: t.workspace.id, runId: run.id };
}

/** Everything a checkpoint would change for the run and its workspace. */
async function stateOf(runId: string, workspaceId: string) {
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { status: true, updatedAt: true, spent: true, creditHold: true, lastEventSeq: true, startedAt: true } });
  const [steps, events, ledger, balance, usage] = await Promise.all([
    db.runStep.count({ where: { runId } }),
    db.runEvent.count({ where: { runId } }),
    db.ledgerEntry.count({ where: { workspaceId } }),
    db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId } }),
    db.usageRecord.count({ where: { workspaceId } }),
  ]);
  return { run, steps, events, ledger, balance, usage };
}

/** The named statements prepared on each of `count` connections the engine's pool hands out at once. */
async function preparedOnPool(count: number) {
  const pool = enginePool();
  const clients = await Promise.all(Array.from({ length: count }, () => pool.connect()));
  try {
    return await Promise.all(
      clients.map(async (c) => {
        const { rows } = await c.query<{ name: string; pid: number }>("SELECT name, pg_backend_pid() AS pid FROM pg_prepared_statements ORDER BY name");
        return { pid: rows[0]?.pid, names: rows.map((r) => r.name) };
      }),
    );
  } finally {
    for (const c of clients) c.release();
  }
}

describe("warming the engine's connections", () => {
  // First in this file: the engine's pool is this process's own, still empty.
  it("a worker warms them as it starts, before its first run job, and its runs then go through them", async () => {
    // Run jobs that other files left in this database would be executed at once, on these same
    // connections (a job holding one while they are counted would have the pool open a fifth).
    await db.$executeRaw`UPDATE pgboss.job SET state = 'cancelled', completed_on = now() WHERE name = 'runs' AND state IN ('created', 'retry', 'active')`;
    worker = await startTestWorker({ maintenance: false });
    // No run was queued: only the warm-up can have prepared the batch checkpoint's statement.
    const sessions = await preparedOnPool(4);
    for (const s of sessions) expect(s.names).toEqual(expect.arrayContaining(["run_checkpoint_batch", "run_load"]));
    expect(new Set(sessions.map((s) => s.pid)).size).toBe(4);

    const { runId } = await queuedRun();
    const run = await waitForRun(runId, "succeeded");
    expect(run.output).toEqual({ greeting: "Hello, Ada!" });
    const steps = await db.runStep.findMany({ where: { runId }, orderBy: { seq: "asc" }, select: { nodeId: true, status: true } });
    expect(steps).toEqual([
      { nodeId: "trigger", status: "succeeded" },
      { nodeId: "greet", status: "succeeded" },
      { nodeId: "output", status: "succeeded" },
    ]);
    await worker.stop();
    worker = undefined;
  });

  it("prepares the load and checkpoint statements on one connection per statement in flight, and writes nothing", async () => {
    const { runId, workspaceId } = await queuedRun();
    const before = await stateOf(runId, workspaceId);

    // The defaults: 2 checkpoint statements and 2 loads in flight at once.
    expect(await warmEngineConnections()).toBe(4);

    const sessions = await preparedOnPool(4);
    for (const s of sessions) expect(s.names).toEqual(expect.arrayContaining(["run_checkpoint_batch", "run_load"]));
    expect(await stateOf(runId, workspaceId)).toEqual(before);
    expect(before.run.status).toBe("queued");
  });

  it("follows the engine's concurrency settings", async () => {
    const saved = process.env.RUN_CHECKPOINT_CONCURRENCY;
    process.env.RUN_CHECKPOINT_CONCURRENCY = "3";
    try {
      expect(await warmEngineConnections()).toBe(5);
    } finally {
      if (saved === undefined) delete process.env.RUN_CHECKPOINT_CONCURRENCY;
      else process.env.RUN_CHECKPOINT_CONCURRENCY = saved;
    }
    const sessions = await preparedOnPool(5);
    for (const s of sessions) expect(s.names).toEqual(expect.arrayContaining(["run_checkpoint_batch", "run_load"]));
    expect(new Set(sessions.map((s) => s.pid)).size).toBe(5);
  });
});
