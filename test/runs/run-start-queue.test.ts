// Starting a run costs one statement, and a queued run wakes one fetch loop, not all of them.
// Counted with a counting pg client (every query any pg.Client sends, pg-boss's and Prisma's,
// on the real PostgreSQL); none of our code is replaced.
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getBoss, stopBoss } from "@/lib/queue/boss";
import { startRun } from "@/lib/runs/start-run";
import { enqueueRun } from "@/lib/runs/queue";
import { createTestWorkflow } from "@/test/factories/workflows";
import { tenant } from "@/test/support/world";
import { startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";

type Sent = { text: string; values: unknown[] };
const sent: Sent[] = [];
const original = pg.Client.prototype.query;
beforeAll(() => {
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; values?: unknown[] };
    const values = typeof q === "string" ? args[1] : (q?.values ?? args[1]);
    sent.push({ text: typeof q === "string" ? q : (q?.text ?? ""), values: Array.isArray(values) ? values : [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
});
afterAll(() => {
  pg.Client.prototype.query = original;
});

/** Statements sent while `fn` runs. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[]; sent: Sent[] }> {
  const from = sent.length;
  const result = await fn();
  return { result, statements: sent.slice(from).map((s) => s.text), sent: sent.slice(from) };
}

// Generous: the machine is shared and often loaded; nothing here is a timing assertion.
const T = 60_000;

const isRunFetch = (sql: string) => /SKIP LOCKED/.test(sql) && /j\.name = 'runs'/.test(sql);

async function world() {
  const t = await tenant({ credits: true, staff: false, otherProject: false });
  const { workflow } = await createTestWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
  const start = (extra: Partial<Parameters<typeof startRun>[0]> = {}) =>
    startRun({ workspaceId: t.workspace.id, projectId: t.project.id, workflow, input: { name: "Ada" }, budget: 100_000, trigger: "api", ...extra } as Parameters<typeof startRun>[0]);
  return { ...t, workflow, start };
}

describe("starting a run", () => {
  afterEach(async () => {
    await stopBoss();
  });

  it("is one statement after the version is read: run, hold, run.queued event and job commit together", async () => {
    const w = await world();
    await getBoss(); // pg-boss's own start-up is not the run's cost
    await w.start(); // warm the queue cache
    const { result: run, sent: window } = await counted(() => w.start());
    // pg-boss's own timers (its queue cache, its instance heartbeat) may send a statement in the
    // window: one on its schema alone that names neither this run nor its queue. Anything the
    // start itself sends to pg-boss names one of them, and is counted.
    const ownTimers = (s: Sent) => /pgboss\./.test(s.text) && !/"Run"/.test(s.text) && !JSON.stringify(s.values).includes(run.id) && !s.values.includes("runs");
    const statements = window.filter((s) => !ownTimers(s)).map((s) => s.text);
    // The published version's graph (one read), then the one statement.
    expect(statements, window.map((s) => s.text).join("\n----\n")).toHaveLength(2);
    expect(statements[1]).toMatch(/INSERT INTO "Run"/);
    expect(statements[1]).toMatch(/INSERT INTO "RunEvent"/);
    expect(statements[1]).toMatch(/UPDATE "WorkspaceBalance"/);
    expect(statements.some((s) => /^\s*(BEGIN|COMMIT)/i.test(s))).toBe(false);
    const row = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(row).toMatchObject({ status: "queued", lastEventSeq: 1, creditHold: BigInt(run.creditHold), budget: 100_000n });
    // The answer is the row as written (no read-back).
    expect(run).toMatchObject({ id: row.id, status: "queued", lastEventSeq: 1, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() });
    expect(await db.runEvent.findMany({ where: { runId: run.id }, select: { seq: true, type: true, data: true } })).toEqual([
      { seq: 1, type: "run.queued", data: { trigger: "api", versionNumber: 1, rerunOfId: null } },
    ]);
    const jobs = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'runs' AND singleton_key = ${run.id} AND state = 'created'`;
    expect(jobs[0].n).toBe(1);
  }, T);

  it("a refusal (402, or a workspace pending deletion) writes nothing: no run, no hold, no job", async () => {
    const w = await world();
    const before = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: w.workspace.id } });
    const jobsBefore = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'runs'`;
    await db.workspaceBalance.update({ where: { workspaceId: w.workspace.id }, data: { held: before.balance } });
    await expect(w.start()).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    await db.workspaceBalance.update({ where: { workspaceId: w.workspace.id }, data: { held: before.held } });
    await db.workspace.update({ where: { id: w.workspace.id }, data: { deletionScheduledFor: new Date(Date.now() + 86_400_000) } });
    await expect(w.start()).rejects.toMatchObject({ code: "workspace_pending_deletion" });
    expect(await db.run.count({ where: { workspaceId: w.workspace.id } })).toBe(0);
    expect((await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: w.workspace.id } })).held).toBe(before.held);
    const jobsAfter = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'runs'`;
    expect(jobsAfter[0].n).toBe(jobsBefore[0].n);
  }, T);
});

describe("wake-ups", () => {
  let worker: TestWorker | undefined;
  const poll = process.env.RUN_WORKER_POLL_SECONDS;
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    if (poll === undefined) delete process.env.RUN_WORKER_POLL_SECONDS;
    else process.env.RUN_WORKER_POLL_SECONDS = poll;
  });

  it("N runs started one after another cause about N fetches of the runs queue, not one per fetch loop", async () => {
    const w = await world();
    // Polling far apart: every fetch in the window below is a wake-up's.
    process.env.RUN_WORKER_POLL_SECONDS = "60";
    worker = await startTestWorker({ maintenance: false });
    await new Promise((r) => setTimeout(r, 500)); // the loops' first fetches and the listener's catch-up
    const N = 10;
    const { statements } = await counted(async () => {
      for (let i = 0; i < N; i++) {
        const run = await w.start();
        await waitForRun(run.id, "succeeded", 30_000);
      }
    });
    const fetches = statements.filter(isRunFetch).length;
    console.log(`wake-ups: ${N} runs → ${fetches} fetches of the runs queue`);
    // pg-boss's NOTIFY woke all 4 loops: 4N fetches. Ours wakes one per run.
    expect(fetches).toBeGreaterThanOrEqual(N);
    expect(fetches).toBeLessThanOrEqual(N + 2);
  }, T);

  it("a job queued without a notice is still found by polling (the safety net)", async () => {
    const w = await world();
    // A queued run without a job (as after a lost job), then a job sent with a start time: no notice.
    const run = await w.start();
    await db.$executeRaw`DELETE FROM pgboss.job WHERE name = 'runs' AND singleton_key = ${run.id}`;
    process.env.RUN_WORKER_POLL_SECONDS = "1";
    worker = await startTestWorker({ maintenance: false });
    await new Promise((r) => setTimeout(r, 300)); // the loops' first fetches find nothing
    const { statements, sent: log } = await counted(async () => {
      await enqueueRun(run.id, { startAfter: new Date() });
      await waitForRun(run.id, "succeeded", 30_000);
    });
    const jobInserts = log.filter((s) => /INSERT INTO pgboss\./.test(s.text) && JSON.stringify(s.values).includes(run.id));
    expect(jobInserts).toHaveLength(1);
    expect(jobInserts[0].text).not.toMatch(/pg_notify/);
    expect(statements.filter(isRunFetch).length).toBeGreaterThanOrEqual(1);
  }, T);
});
