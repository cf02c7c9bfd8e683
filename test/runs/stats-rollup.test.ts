import { EventEmitter } from "node:events";
import type { PgBoss } from "pg-boss";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/v1/runs/stats/route";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { getRunStats, getRunStatsRaw, splitWindow } from "@/lib/runs/stats";
import { compactRunStats, registerRunStatsRollupWorker } from "@/lib/runs/stats-rollup";
import type { RunStatus, RunStepStatus } from "@/lib/generated/prisma/enums";
import type { RunStatsQuery } from "@/lib/schemas/run-stats";
import { createBillingWorkflow } from "@/test/factories/billing";
import { call, inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";

// The rollup-based stats (triggers → deltas → compaction → rollups, read with the raw partial
// hours) against the raw computation over the same rows, on a seeded mix: runs on hour and day
// edges, runs that finish, are charged, are deleted or move after their hour was compacted,
// runs without a workflow, another project's and another tenant's runs, windows with partial
// hours and days, in hour and day buckets, per workflow.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2025-06-01T00:00:00.000Z");
const iso = (ms: number) => new Date(ms).toISOString();

/** mulberry32: the same mix on every run. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES: RunStatus[] = ["queued", "running", "waiting_approval", "succeeded", "succeeded", "succeeded", "failed", "canceled", "budget_exceeded"];
const STEP_STATUSES: RunStepStatus[] = ["succeeded", "succeeded", "succeeded", "failed", "running", "skipped", "reused"];
const NODE_TYPES = ["llm", "http", "transform"];
// Fixed times on the edges: the first and last millisecond of hours and days.
const EDGES = [0, 1, HOUR - 1, HOUR, DAY - 1, DAY, DAY + 30 * 60_000, 2 * DAY - 1, 2 * DAY, 3 * DAY - 1];

type Ref = { workspaceId: string; projectId: string; workflowId: string | null };

async function seedRuns(target: Ref[], n: number, seed: number, latency: (r: () => number) => number = (r) => 1 + Math.floor(r() * 999)) {
  const r = prng(seed);
  const runs = [];
  const steps = [];
  for (let i = 0; i < n; i++) {
    const ref = target[Math.floor(r() * target.length)];
    const createdAt = i < EDGES.length ? T0 + EDGES[i] : T0 - 2 * HOUR + Math.floor(r() * (3 * DAY + 4 * HOUR));
    const id = newId("run");
    runs.push({
      id, workspaceId: ref.workspaceId, projectId: ref.projectId, workflowId: ref.workflowId, kind: ref.workflowId ? "workflow" : "agent",
      status: STATUSES[Math.floor(r() * STATUSES.length)], trigger: "api", input: {}, budget: 1_000_000n,
      spent: BigInt(Math.floor(r() * 5000)), createdAt: new Date(createdAt),
    });
    const k = Math.floor(r() * 4);
    for (let s = 0; s < k; s++) {
      steps.push({
        id: newId("runStep"), workspaceId: ref.workspaceId, projectId: ref.projectId, runId: id, nodeId: `n${s}`, seq: s + 1,
        nodeType: NODE_TYPES[Math.floor(r() * NODE_TYPES.length)], status: STEP_STATUSES[Math.floor(r() * STEP_STATUSES.length)],
        latencyMs: r() < 0.1 ? null : latency(r),
      });
    }
  }
  await db.run.createMany({ data: runs });
  await db.runStep.createMany({ data: steps });
  return runs;
}

const WINDOWS: RunStatsQuery[] = [
  { from: iso(T0), to: iso(T0 + 3 * DAY), bucket: "day" },
  { from: iso(T0 - 2 * HOUR), to: iso(T0 + 3 * DAY + 2 * HOUR), bucket: "day" },
  { from: iso(T0 + 30 * 60_000), to: iso(T0 + 2 * DAY + 17 * 60_000), bucket: "day" },
  { from: iso(T0 + 30 * 60_000), to: iso(T0 + 2 * DAY + 17 * 60_000), bucket: "hour" },
  { from: iso(T0 - HOUR), to: iso(T0 + DAY), bucket: "hour" },
  { from: iso(T0 + DAY - 1), to: iso(T0 + DAY + 1), bucket: "hour" },
  { from: iso(T0 + 10 * 60_000), to: iso(T0 + 50 * 60_000) },
  { from: iso(T0 + 23 * HOUR), to: iso(T0 + 2 * DAY + HOUR) },
  // A caller in +05:30: its local midnight is 18:30 UTC, the windows' edges fall mid-hour.
  { from: "2025-06-01T00:00:00+05:30", to: "2025-06-03T00:00:00+05:30", bucket: "day" },
  { from: "2025-06-01T00:00:00+05:30", to: "2025-06-02T00:00:00+05:30", bucket: "hour" },
];

describe("run stats rollups", () => {
  it("answer exactly what the raw rows give, before and after compaction, after late changes and deletes, per workflow and per window", async () => {
    const t = await tenant();
    const b = await tenant();
    const a1 = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, slug: "a1" });
    const a2 = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id, slug: "a2" });
    const sib = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.other.id });
    const foreign = await createBillingWorkflow({ workspaceId: b.workspace.id, projectId: b.project.id });
    const mine: Ref[] = [
      { workspaceId: t.workspace.id, projectId: t.project.id, workflowId: a1.id },
      { workspaceId: t.workspace.id, projectId: t.project.id, workflowId: a1.id },
      { workspaceId: t.workspace.id, projectId: t.project.id, workflowId: a2.id },
      { workspaceId: t.workspace.id, projectId: t.project.id, workflowId: null },
    ];
    const seeded = await seedRuns(mine, 240, 1);
    // Neighbours over the same hours: another project of the tenant, another tenant.
    await seedRuns([{ workspaceId: t.workspace.id, projectId: t.other.id, workflowId: sib.id }, { workspaceId: b.workspace.id, projectId: b.project.id, workflowId: foreign.id }], 200, 2);
    const scope = { workspace: { id: t.workspace.id }, project: { id: t.project.id } };

    const compareAll = async (phase: string, workflows: (string | undefined)[] = [undefined, a1.id, "a2"]) => {
      for (const w of WINDOWS) {
        for (const workflow of workflows) {
          const q = { ...w, workflow };
          const [rolled, raw] = await Promise.all([getRunStats(scope, q), getRunStatsRaw(scope, q)]);
          expect(rolled, `${phase}: ${JSON.stringify(q)}`).toEqual(raw);
        }
      }
    };

    // Nothing compacted yet: whole hours come from the deltas alone.
    await compareAll("deltas only");
    // The window covering everything counts exactly my project's runs: nothing leaks in.
    const all = await getRunStats(scope, { from: iso(T0 - 3 * HOUR), to: iso(T0 + 4 * DAY), bucket: "day" });
    expect(all.totals.runs).toBe(seeded.length);
    expect(all.totals.cost).toBe(seeded.reduce((s, r) => s + Number(r.spent), 0));
    expect(all.stepLatency.length).toBeGreaterThan(0);

    const moved = await compactRunStats();
    expect(moved!.stats).toBeGreaterThan(0);
    expect(await db.runStatsDelta.count({ where: { projectId: t.project.id } })).toBe(0);
    expect(await db.runLatencyDelta.count({ where: { projectId: t.project.id } })).toBe(0);
    await compareAll("compacted");

    // Long after their hours closed: active runs finish (some charged on the way), a step
    // finishes, a run is deleted with its steps, a step is deleted, a run lands in an old hour,
    // a run's creation time moves to another day.
    const active = await db.run.findMany({ where: { projectId: t.project.id, status: { in: ["queued", "running", "waiting_approval"] } }, orderBy: { id: "asc" } });
    expect(active.length).toBeGreaterThan(10);
    for (const [i, r] of active.entries()) {
      const status: RunStatus = (["succeeded", "failed", "canceled", "budget_exceeded"] as const)[i % 4];
      await db.run.update({ where: { id: r.id }, data: { spent: { increment: 100n * BigInt(i) } } });
      if (i % 3 !== 0) await db.run.update({ where: { id: r.id }, data: { status, finishedAt: new Date() } });
    }
    const running = await db.runStep.findFirstOrThrow({ where: { projectId: t.project.id, status: "running" } });
    await db.runStep.update({ where: { id: running.id }, data: { status: "succeeded", latencyMs: 321 } });
    const withSteps = await db.run.findFirstOrThrow({ where: { projectId: t.project.id, steps: { some: { status: "succeeded", latencyMs: { not: null } } } } });
    await db.run.delete({ where: { id: withSteps.id } });
    const someStep = await db.runStep.findFirstOrThrow({ where: { projectId: t.project.id, status: "failed", latencyMs: { not: null } } });
    await db.runStep.delete({ where: { id: someStep.id } });
    await seedRuns(mine, 20, 3);
    const mover = await db.run.findFirstOrThrow({ where: { projectId: t.project.id, workflowId: a2.id, steps: { some: { status: "succeeded" } } } });
    await db.run.update({ where: { id: mover.id }, data: { createdAt: new Date(mover.createdAt.getTime() + DAY + 7 * 60_000), workflowId: a1.id } });
    await compareAll("late changes, pending deltas");

    // Two compactions at once (a second worker): the lock lets one move each delta once.
    await Promise.all([compactRunStats(), compactRunStats()]);
    expect(await db.runStatsDelta.count({ where: { projectId: t.project.id } })).toBe(0);
    await compareAll("late changes, compacted");

    // A workflow deleted: its runs go by cascade, and with them their counts.
    await db.workflow.delete({ where: { id: a2.id } });
    await compactRunStats();
    await compareAll("workflow deleted", [undefined, a1.id]);
    const after = await getRunStats(scope, { from: iso(T0 - 3 * HOUR), to: iso(T0 + 4 * DAY), bucket: "day" });
    expect(after.totals.runs).toBe(await db.run.count({ where: { projectId: t.project.id } }));
    expect(after.totals.runs).toBeLessThan(all.totals.runs);
  }, 180_000);

  it("latencies of 1 s and more: counts exact, p50/p95 within 0.5 % (3 significant digits)", async () => {
    const t = await tenant();
    const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    await seedRuns([{ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id }], 300, 4, (r) => Math.floor(Math.exp(Math.log(5) + r() * Math.log(200_000 / 5))));
    await compactRunStats();
    const scope = { workspace: { id: t.workspace.id }, project: { id: t.project.id } };
    for (const q of WINDOWS.slice(0, 3)) {
      const [rolled, raw] = await Promise.all([getRunStats(scope, q), getRunStatsRaw(scope, q)]);
      expect(rolled.buckets).toEqual(raw.buckets);
      expect(rolled.totals).toEqual(raw.totals);
      expect(rolled.stepLatency.map((l) => [l.nodeType, l.count])).toEqual(raw.stepLatency.map((l) => [l.nodeType, l.count]));
      expect(raw.stepLatency.some((l) => l.p95 >= 10_000)).toBe(true);
      for (const [i, l] of rolled.stepLatency.entries()) {
        const exact = raw.stepLatency[i];
        for (const p of ["p50", "p95"] as const) expect(Math.abs(l[p] - exact[p]), `${l.nodeType} ${p}: ${l[p]} vs ${exact[p]}`).toBeLessThanOrEqual(Math.max(1, exact[p] * 0.005));
      }
    }
  });

  it("the route serves the rollups: a run finishing after compaction moves to its new status at once", async () => {
    const t = await tenant();
    const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    const run = await db.run.create({
      data: { id: newId("run"), workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id, status: "running", trigger: "api", input: {}, budget: 1_000_000n, spent: 10n, createdAt: new Date(T0 + 5 * HOUR) },
    });
    await compactRunStats();
    const query = { from: iso(T0), to: iso(T0 + DAY), bucket: "day" };
    const before = await call(GET, "/v1/runs/stats", { headers: inProject(t.owner, t.slug, "default"), query });
    expect(before.status).toBe(200);
    expect(before.json.totals).toEqual({ runs: 1, succeeded: 0, failed: 0, canceled: 0, active: 1, cost: 10 });
    await db.run.update({ where: { id: run.id }, data: { status: "succeeded", spent: 250n, finishedAt: new Date() } });
    const after = await call(GET, "/v1/runs/stats", { headers: inProject(t.owner, t.slug, "default"), query });
    expect(after.json.totals).toEqual({ runs: 1, succeeded: 1, failed: 0, canceled: 0, active: 0, cost: 250 });
    expect(after.json.buckets).toEqual([{ start: iso(T0), runs: 1, succeeded: 1, failed: 0, cost: 250 }]);
  });

  it("the worker registration compacts every RUN_STATS_COMPACT_INTERVAL_MS until the queue stops", async () => {
    const t = await tenant();
    const wf = await createBillingWorkflow({ workspaceId: t.workspace.id, projectId: t.project.id });
    process.env.RUN_STATS_COMPACT_INTERVAL_MS = "100";
    // Only its "stopped" event is used: the registration schedules its own timer.
    const boss = new EventEmitter();
    try {
      await registerRunStatsRollupWorker(boss as unknown as PgBoss);
      await seedRuns([{ workspaceId: t.workspace.id, projectId: t.project.id, workflowId: wf.id }], 30, 5);
      const pending = () => db.runStatsDelta.count({ where: { projectId: t.project.id } });
      const deadline = Date.now() + 20_000;
      while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await pending()).toBe(0);
      const rolled = await db.runStatsRollup.aggregate({ where: { projectId: t.project.id, scope: "*", grain: "day" }, _sum: { runs: true } });
      expect(rolled._sum.runs).toBe(30);
    } finally {
      boss.emit("stopped");
      delete process.env.RUN_STATS_COMPACT_INTERVAL_MS;
    }
  }, 60_000);

  it("splits a window into whole days, whole hours and raw partial hours", () => {
    const s = splitWindow(new Date(T0 + 30 * 60_000), new Date(T0 + 2 * DAY + 90 * 60_000), true);
    expect(s.raw).toEqual([[T0 + 30 * 60_000, T0 + HOUR], [T0 + 2 * DAY + HOUR, T0 + 2 * DAY + 90 * 60_000]]);
    expect(s.day).toEqual([T0 + DAY, T0 + 2 * DAY]);
    expect(s.hours).toEqual([[T0 + HOUR, T0 + DAY], [T0 + 2 * DAY, T0 + 2 * DAY + HOUR]]);
    expect(s.deltas).toEqual([T0 + HOUR, T0 + 2 * DAY + HOUR]);
    // Within one hour: all raw.
    expect(splitWindow(new Date(T0 + 60_000), new Date(T0 + 120_000), true)).toMatchObject({ raw: [[T0 + 60_000, T0 + 120_000], [0, 0]], deltas: [0, 0] });
  });
});
