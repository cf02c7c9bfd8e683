import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROCESS_INSTANCE } from "@/lib/core/process-instance";
import pg from "pg";
import { db } from "@/lib/db/client";
import { decideApproval } from "@/lib/approvals/decide-approval";
import { BOSS_SCHEMA } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { maintenanceRound } from "@/worker/maintenance";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, eventsOf, graph, http, output, startTestRun, startTestWorker, stepsOf, trigger, waitForRun, type TestWorker } from "@/test/support/run-worker";

// Scheduling and ownership: the per-workspace concurrency limit, approval gates that hold no
// job, the lock fence against a worker that lost its lock, lost jobs, and draining on shutdown.

let worker: TestWorker | null = null;
let upstream: FakeUpstream;
let restoreEgress: () => void;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  restoreEgress = allowLoopbackEgress();
  worker = await startTestWorker({ maintenance: false });
});
afterAll(async () => {
  await worker?.stop();
  restoreEgress();
  await upstream.close();
});

const callsOf = (runId: string, nodeId: string) => upstream.seen.filter((r) => r.key?.startsWith(`${runId}:${nodeId}:`));

async function liveJobs(runId: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text AS state FROM "${BOSS_SCHEMA}".job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active')`, QUEUES.runs, runId);
  return rows.map((r) => r.state);
}

describe("concurrency limit", { timeout: 40_000 }, () => {
  it("never runs more than maxConcurrentRuns of a workspace at once; the rest wait queued", async () => {
    const t = await engineTenant(upstream.url);
    await db.workspace.update({ where: { id: t.workspace.id }, data: { maxConcurrentRuns: 1 } });
    const g = graph([trigger(), http("slow", t.connectionId, "/slow/400"), output()], ["trigger>slow", "slow>output"]);
    const runs = await Promise.all([0, 1, 2].map(() => startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g })));
    const ids = runs.map((r) => r.run.id);
    let maxRunning = 0;
    let sawQueuedWhileRunning = false;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const rows = await db.run.findMany({ where: { id: { in: ids } }, select: { status: true } });
      const running = rows.filter((r) => r.status === "running").length;
      maxRunning = Math.max(maxRunning, running);
      if (running === 1 && rows.some((r) => r.status === "queued")) sawQueuedWhileRunning = true;
      if (rows.every((r) => r.status === "succeeded")) break;
      if (Date.now() > deadline) throw new Error(`runs did not finish: ${rows.map((r) => r.status).join(",")}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(maxRunning).toBe(1);
    expect(sawQueuedWhileRunning).toBe(true);
    // The executions did not overlap.
    const spans = (await db.runStep.findMany({ where: { runId: { in: ids }, nodeId: "slow" } })).map((s) => [s.startedAt.getTime(), s.finishedAt!.getTime()]).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });
});

describe("approval gates", { timeout: 40_000 }, () => {
  const approvalGraph = graph(
    [trigger(), { id: "gate", type: "approval", config: { message: "Send to {{ input.name }}?", expiresInSeconds: 3600 } }, output("output", "steps.gate.output")],
    ["trigger>gate", "gate>output"],
  );

  it("pauses the run with no job left, and continues from the gate after an approve", async () => {
    const t = await engineTenant(upstream.url);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: approvalGraph, input: { name: "Lin" }, startedById: t.member.id });
    await waitForRun(run.id, "waiting_approval");
    const approval = await db.approval.findFirstOrThrow({ where: { runId: run.id } });
    expect(approval).toMatchObject({ status: "pending", message: "Send to Lin?", nodeId: "gate", requestedById: t.member.id });
    expect(approval.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);
    expect((await stepsOf(run.id)).find((s) => s.nodeId === "gate")?.status).toBe("waiting_approval");
    // No worker waits for the human: the run's job completed.
    await expect.poll(() => liveJobs(run.id)).toEqual([]);
    const types = (await eventsOf(run.id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["approval.requested", "run.waiting_approval"]));

    await decideApproval(
      { workspace: { id: t.workspace.id }, project: { id: t.project.id }, actor: { type: "user", userId: t.owner.id }, principal: { type: "session", userId: t.owner.id }, projectRole: "project_admin" },
      approval.id,
      "approve",
      { comment: "ok" },
    );
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ approved: true, decidedById: t.owner.id, comment: "ok" });
    const steps = await stepsOf(run.id);
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([["trigger", "succeeded"], ["gate", "succeeded"], ["output", "succeeded"]]);
    // The trigger ran once: completed steps are not executed again after the resume.
    expect((await eventsOf(run.id)).filter((e) => e.type === "step.succeeded" && e.nodeId === "trigger")).toHaveLength(1);
  });
});

describe("ownership", { timeout: 40_000 }, () => {
  it("a worker that lost its run lock mid-step writes nothing; the run is finished by the next owner", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("slow", t.connectionId, "/slow/1200"), output()], ["trigger>slow", "slow>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    await expect.poll(() => callsOf(run.id, "slow").length, { timeout: 10_000 }).toBe(1);
    // Kill the worker's lock connection: PostgreSQL releases its advisory locks, as it would for
    // a worker whose session timed out while it was frozen.
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const killed = await admin.query("SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'agentruntime-run-locks:' || $1 AND datname = current_database()", [PROCESS_INSTANCE]);
    await admin.end();
    expect(killed.rowCount).toBe(1);
    const done = await waitForRun(run.id, ["succeeded", "failed"], 30_000);
    expect(done.status).toBe("succeeded");
    // The first call's result was discarded (fence), the same attempt was repeated with the same key.
    expect(callsOf(run.id, "slow").map((c) => c.key)).toEqual([`${run.id}:slow:1`, `${run.id}:slow:1`]);
    const events = await eventsOf(run.id);
    expect(events.filter((e) => e.type === "step.succeeded" && e.nodeId === "slow")).toHaveLength(1);
    expect(events.filter((e) => e.type === "run.succeeded")).toHaveLength(1);
    expect(await db.usageRecord.count({ where: { runId: run.id, nodeId: "slow" } })).toBe(2); // http + step, once
  });

  it("maintenance re-queues a run that lost its job", async () => {
    const t = await engineTenant(upstream.url);
    await worker!.stop();
    worker = null;
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id });
    // As if the API had crashed between committing the run and enqueueing it.
    await db.$executeRawUnsafe(`DELETE FROM "${BOSS_SCHEMA}".job WHERE name = $1 AND singleton_key = $2`, QUEUES.runs, run.id);
    await db.$executeRaw`UPDATE "Run" SET "updatedAt" = now() - interval '1 hour' WHERE id = ${run.id}`;
    worker = await startTestWorker({ maintenance: false });
    const round = await maintenanceRound();
    expect(round).toMatchObject({ ran: true, requeued: 1 });
    expect((await waitForRun(run.id, ["succeeded", "failed"])).status).toBe("succeeded");
  });

  it("on shutdown the in-flight step finishes, no further step starts, and another worker completes the run", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("one", t.connectionId, "/slow/600"), http("two", t.connectionId, "/ok"), output()], ["trigger>one", "one>two", "two>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    await expect.poll(() => callsOf(run.id, "one").length, { timeout: 10_000 }).toBe(1);
    await worker!.stop();
    worker = null;
    const steps = await stepsOf(run.id);
    expect(steps.find((s) => s.nodeId === "one")?.status).toBe("succeeded");
    expect(steps.find((s) => s.nodeId === "two")).toBeUndefined();
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");
    expect(await liveJobs(run.id)).toEqual(["retry"]);
    worker = await startTestWorker({ maintenance: false });
    expect((await waitForRun(run.id, ["succeeded", "failed"], 20_000)).status).toBe("succeeded");
    expect(callsOf(run.id, "one")).toHaveLength(1);
    expect(callsOf(run.id, "two")).toHaveLength(1);
  });
});
