import { describe, expect, it } from "vitest";
import { buildWaterfall, segmentTotals } from "@/components/console/runs/waterfall";
import type { RunStepsDto } from "@/lib/schemas/runs";

type Step = RunStepsDto["steps"][number];
const T = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

function step(over: Partial<Step> & Pick<Step, "nodeId" | "seq" | "startedAt">): Step {
  return {
    id: `step_${over.nodeId}`, nodeType: "transform", nodeName: null, status: "succeeded", attempts: 1, attemptLog: [], input: null, output: null, error: null,
    reads: null, tokensIn: null, tokensOut: null, cost: 0, unit: "usd_micros", latencyMs: null, finishedAt: null, approval: null, usage: [], ...over,
  };
}

describe("buildWaterfall", () => {
  it("splits queued, running and waiting for approval on one axis from the run's creation", () => {
    const run = { createdAt: T(0), startedAt: T(100), finishedAt: T(10_500), status: "failed" as const };
    const steps = [
      step({ nodeId: "start", nodeType: "trigger", seq: 0, startedAt: T(100), finishedAt: T(110) }),
      step({ nodeId: "review", nodeType: "approval", seq: 1, status: "succeeded", startedAt: T(150), finishedAt: T(9_000),
        approval: { id: "apr_1", status: "approved", message: "ok?", approverRole: "project_admin", allowSelfApproval: true, expiresAt: T(99_999), decidedBy: null, decidedAt: T(8_990), comment: null } }),
      step({ nodeId: "send", nodeType: "http", seq: 2, status: "failed", startedAt: T(9_400), finishedAt: T(10_400) }),
      step({ nodeId: "skip", seq: 3, status: "skipped", startedAt: T(10_400) }),
    ];
    const { rows, endMs } = buildWaterfall(run, steps);
    expect(endMs).toBe(10_500);
    expect(rows.map((r) => r.nodeId)).toEqual([null, "start", "review", "send"]);
    expect(rows[0].segments).toEqual([{ kind: "queued", startMs: 0, endMs: 100 }]);
    expect(rows[1].segments).toEqual([{ kind: "running", startMs: 100, endMs: 110 }]);
    expect(rows[2].segments).toEqual([
      { kind: "queued", startMs: 110, endMs: 150 },
      { kind: "waiting_approval", startMs: 150, endMs: 8_990 },
      { kind: "running", startMs: 8_990, endMs: 9_000 },
    ]);
    expect(rows[3].segments).toEqual([
      { kind: "queued", startMs: 9_000, endMs: 9_400 },
      { kind: "failed", startMs: 9_400, endMs: 10_400 },
    ]);
    expect(segmentTotals(rows[2])).toEqual({ queued: 40, waiting_approval: 8_840, running: 10 });
  });

  it("draws an unfinished run up to now", () => {
    const run = { createdAt: T(0), startedAt: T(50), finishedAt: null, status: "waiting_approval" as const };
    const steps = [step({ nodeId: "review", nodeType: "approval", seq: 0, status: "waiting_approval", startedAt: T(60) })];
    const { rows, endMs } = buildWaterfall(run, steps, Date.parse(T(5_000)));
    expect(endMs).toBe(5_000);
    expect(rows[1].segments).toEqual([
      { kind: "queued", startMs: 50, endMs: 60 },
      { kind: "waiting_approval", startMs: 60, endMs: 5_000 },
    ]);
  });
});
