import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { cancelRun } from "@/lib/runs/cancel-run";
import { backoffDelayMs } from "@/lib/runs/engine/attempts";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { allowLoopbackEgress, engineTenant, eventsOf, graph, http, output, startTestRun, startTestWorker, stepsOf, trigger, waitForRun, type TestWorker } from "@/test/support/run-worker";

// Retries, timeouts, failures, cancellation and budgets, against a real worker and a counting upstream.

let worker: TestWorker;
let upstream: FakeUpstream;
let restoreEgress: () => void;

beforeAll(async () => {
  process.env.RUN_CANCEL_POLL_MS = "100";
  upstream = await startFakeUpstream();
  restoreEgress = allowLoopbackEgress();
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker.stop();
  restoreEgress();
  delete process.env.RUN_CANCEL_POLL_MS;
  await upstream.close();
});

const callsOf = (runId: string, nodeId: string) => upstream.seen.filter((r) => r.key?.startsWith(`${runId}:${nodeId}:`));

describe("backoff", () => {
  it("doubles from the initial delay with equal jitter, capped at 60 s", () => {
    expect(backoffDelayMs(100, 2, () => 0)).toBe(50);
    expect(backoffDelayMs(100, 2, () => 1)).toBe(100);
    expect(backoffDelayMs(100, 4, () => 1)).toBe(400);
    expect(backoffDelayMs(10_000, 10, () => 1)).toBe(60_000);
  });
});

describe("retries", { timeout: 30_000 }, () => {
  it("retries a 5xx with backoff and succeeds; each attempt has its own idempotency key and log entry", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("flaky", t.connectionId, "/flaky/2", { retry: { maxAttempts: 3, initialDelayMs: 80 } }), output()], ["trigger>flaky", "flaky>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    expect((await waitForRun(run.id, ["succeeded", "failed"])).status).toBe("succeeded");
    const calls = callsOf(run.id, "flaky");
    expect(calls.map((c) => c.key)).toEqual([`${run.id}:flaky:1`, `${run.id}:flaky:2`, `${run.id}:flaky:3`]);
    // Attempt 2 waits 40–80 ms, attempt 3 80–160 ms.
    expect(calls[1].at - calls[0].at).toBeGreaterThanOrEqual(40);
    expect(calls[2].at - calls[1].at).toBeGreaterThanOrEqual(80);
    const step = (await stepsOf(run.id)).find((s) => s.nodeId === "flaky")!;
    expect(step).toMatchObject({ status: "succeeded", attempts: 3 });
    const log = step.attemptLog as { attempt: number; error?: { code: string } }[];
    expect(log.map((e) => [e.attempt, e.error?.code ?? null])).toEqual([[1, "http_error"], [2, "http_error"], [3, null]]);
    const retrying = (await eventsOf(run.id)).filter((e) => e.type === "step.retrying").map((e) => e.data as { attempt: number; delayMs: number });
    expect(retrying.map((r) => r.attempt)).toEqual([1, 2]);
    expect(retrying[0].delayMs).toBeGreaterThanOrEqual(40);
    expect(retrying[0].delayMs).toBeLessThanOrEqual(80);
  });

  it("an always-failing step runs exactly maxAttempts times, then the run fails and is audited (actor system)", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("down", t.connectionId, "/status/503", { retry: { maxAttempts: 4, initialDelayMs: 10 } }), output()], ["trigger>down", "down>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("failed");
    expect(done.error).toMatchObject({ code: "http_error", nodeId: "down" });
    expect(callsOf(run.id, "down")).toHaveLength(4);
    expect((await stepsOf(run.id)).find((s) => s.nodeId === "down")).toMatchObject({ status: "failed", attempts: 4, error: { code: "http_error", details: { status: 503 } } });
    const audit = await db.auditLog.findFirst({ where: { targetId: run.id, action: "run.failed" } });
    expect(audit).toMatchObject({ actorType: "system", workspaceId: t.workspace.id });
    // Default policy of an http step: 3 attempts.
    const d = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: graph([trigger(), http("down", t.connectionId, "/status/500", { retry: { maxAttempts: 3, initialDelayMs: 5 } }), output()], ["trigger>down", "down>output"]) });
    await waitForRun(d.run.id, "failed");
    expect(callsOf(d.run.id, "down")).toHaveLength(3);
  });

  it("a 4xx is not retried", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("nope", t.connectionId, "/status/422", { retry: { maxAttempts: 5, initialDelayMs: 5 } }), output()], ["trigger>nope", "nope>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    await waitForRun(run.id, "failed");
    expect(callsOf(run.id, "nope")).toHaveLength(1);
  });

  it("a step over its timeout is aborted (the upstream sees the client go away) and retried", async () => {
    const t = await engineTenant(upstream.url);
    const abortedBefore = upstream.aborted();
    const g = graph([trigger(), http("slow", t.connectionId, "/slow/5000", { timeoutMs: 300, retry: { maxAttempts: 2, initialDelayMs: 10 } }), output()], ["trigger>slow", "slow>output"]);
    const started = Date.now();
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(done.error).toMatchObject({ code: "timeout", nodeId: "slow" });
    expect(callsOf(run.id, "slow")).toHaveLength(2);
    await expect.poll(() => upstream.aborted() - abortedBefore).toBe(2);
  });
});

describe("cancellation", { timeout: 30_000 }, () => {
  it("a cancel during an in-flight call aborts it at once and ends the run canceled", async () => {
    const t = await engineTenant(upstream.url);
    const abortedBefore = upstream.aborted();
    const g = graph([trigger(), http("slow", t.connectionId, "/slow/20000", { timeoutMs: 60_000 }), output()], ["trigger>slow", "slow>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, startedById: t.owner.id });
    await expect.poll(() => callsOf(run.id, "slow").length, { timeout: 10_000 }).toBe(1);
    const t0 = Date.now();
    await cancelRun({ workspace: { id: t.workspace.id }, project: { id: t.project.id }, actor: { type: "user", userId: t.owner.id }, principal: { type: "session", userId: t.owner.id }, projectRole: "project_admin" }, run.id);
    const done = await waitForRun(run.id, ["canceled", "succeeded", "failed"]);
    expect(done.status).toBe("canceled");
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect.poll(() => upstream.aborted() - abortedBefore).toBe(1);
    const steps = await stepsOf(run.id);
    expect(steps.find((s) => s.nodeId === "slow")?.status).toBe("canceled");
    expect(steps.find((s) => s.nodeId === "output")).toBeUndefined();
    const types = (await eventsOf(run.id)).map((e) => e.type);
    expect(types).toContain("run.cancel_requested");
    expect(types.at(-1)).toBe("run.canceled");
    expect((await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).held).toBe(0n);
  });
});

describe("budgets", { timeout: 30_000 }, () => {
  it("stops the run as budget_exceeded before a call the budget cannot cover: the upstream sees nothing", async () => {
    const t = await engineTenant(upstream.url);
    // trigger (100) is covered; the http step's worst case (100 + 500) is not.
    const g = graph([trigger(), http("call", t.connectionId, "/ok"), output()], ["trigger>call", "call>output"]);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, budget: 400 });
    const done = await waitForRun(run.id, ["succeeded", "failed", "budget_exceeded"]);
    expect(done.status).toBe("budget_exceeded");
    expect(done.error).toMatchObject({ code: "budget_exceeded", nodeId: "call" });
    expect(done.spent).toBe(100n);
    expect(callsOf(run.id, "call")).toHaveLength(0);
    expect((await stepsOf(run.id)).find((s) => s.nodeId === "call")).toMatchObject({ status: "failed", attempts: 0 });
    const types = (await eventsOf(run.id)).map((e) => e.type);
    expect(types.at(-1)).toBe("run.budget_exceeded");
    expect(await db.auditLog.count({ where: { targetId: run.id, action: "run.budget_exceeded" } })).toBe(1);
  });

  it("a run holds its expected cost, not its budget; one the available credits do not cover is refused at once (402)", async () => {
    const t = await engineTenant(upstream.url);
    const { appendLedgerEntry } = await import("@/lib/billing/credits");
    const leave = async (left: bigint) => {
      const balance = (await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).balance;
      await db.$transaction((tx) => appendLedgerEntry(tx, { workspaceId: t.workspace.id, kind: "adjustment", amount: left - balance, sourceType: "admin", sourceId: `adj-${run0()}` }));
    };
    // trigger 100 + http (100 + 500) + output 100 = 800 expected.
    const g = graph([trigger(), http("call", t.connectionId, "/ok"), output()], ["trigger>call", "call>output"]);
    await leave(799n);
    await expect(startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, budget: 1_000_000 })).rejects.toMatchObject({ code: "insufficient_credits", status: 402 });
    expect(await db.run.count({ where: { workspaceId: t.workspace.id } })).toBe(0);

    await leave(800n);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g, budget: 1_000_000 });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).creditHold).toBe(800n);
    const done = await waitForRun(run.id, ["succeeded", "failed", "budget_exceeded"]);
    expect(done).toMatchObject({ status: "succeeded", spent: 800n, creditHold: 0n });
    expect(callsOf(run.id, "call")).toHaveLength(1);
    expect(await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } })).toMatchObject({ balance: 0n, held: 0n });
  });
});

let n = 0;
const run0 = () => `${Date.now()}-${n++}`;
