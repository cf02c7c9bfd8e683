import { describe, expect, it } from "vitest";
import { elapsedMs, formatMs, formatUsd, timeLeft } from "@/components/console/runs/format";
import { matchesFilters, readFilters, upsertRun } from "@/components/console/runs/run-filters";
import type { RunDto } from "@/lib/schemas/runs";

describe("Command Center formatting", () => {
  it("prints usd_micros as dollars with every significant micro-dollar", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(1)).toBe("$0.000001");
    expect(formatUsd(1_234)).toBe("$0.001234");
    expect(formatUsd(10_000)).toBe("$0.01");
    expect(formatUsd(1_500_000)).toBe("$1.50");
    expect(formatUsd(1_234_567_891)).toBe("$1,234.567891");
    expect(formatUsd(-250_000)).toBe("-$0.25");
    expect(formatUsd(null)).toBe("—");
  });

  it("prints durations and countdowns", () => {
    expect(formatMs(42)).toBe("42 ms");
    expect(formatMs(1_234)).toBe("1.23 s");
    expect(formatMs(12_345)).toBe("12.3 s");
    expect(formatMs(125_000)).toBe("2m 5s");
    expect(formatMs(3_725_000)).toBe("1h 2m");
    expect(elapsedMs("2025-01-01T00:00:00Z", "2025-01-01T00:00:01.500Z")).toBe(1500);
    expect(elapsedMs(null, null)).toBeNull();
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(timeLeft("2025-01-01T00:04:12Z", now)).toBe("4m 12s left");
    expect(timeLeft("2025-01-01T03:30:00Z", now)).toBe("3h 30m left");
    expect(timeLeft("2025-01-03T01:00:00Z", now)).toBe("2d 1h left");
    expect(timeLeft("2024-12-31T23:59:59Z", now)).toBe("expired");
  });
});

describe("live run list", () => {
  const now = Date.parse("2025-01-02T00:00:00Z");
  const run = (id: string, patch: Partial<RunDto> = {}) =>
    ({ id, status: "running", trigger: "api", workflowId: "wf_1", workflow: { id: "wf_1", slug: "hello", name: "Hello" }, createdAt: "2025-01-01T12:00:00Z", ...patch }) as RunDto;

  it("matches the URL filters, by workflow id or slug and within the time range", () => {
    const f = readFilters(new URLSearchParams("status=running&workflow=hello"));
    expect(f.range).toBe("24h");
    expect(matchesFilters(run("run_1"), f, now)).toBe(true);
    expect(matchesFilters(run("run_1", { status: "succeeded" }), f, now)).toBe(false);
    expect(matchesFilters(run("run_1"), { ...f, workflow: "wf_1" }, now)).toBe(true);
    expect(matchesFilters(run("run_1"), { ...f, workflow: "wf_2" }, now)).toBe(false);
    expect(matchesFilters(run("run_1", { createdAt: "2024-12-31T23:00:00Z" }), f, now)).toBe(false);
    expect(readFilters(new URLSearchParams("range=bogus")).range).toBe("24h");
  });

  it("keeps the list newest first, replaces a run's old copy and drops runs that left the filter", () => {
    const rows = [run("run_3"), run("run_1")];
    expect(upsertRun(rows, run("run_2"), true).map((r) => r.id)).toEqual(["run_3", "run_2", "run_1"]);
    expect(upsertRun(rows, run("run_4"), true).map((r) => r.id)).toEqual(["run_4", "run_3", "run_1"]);
    const updated = upsertRun(rows, run("run_1", { status: "succeeded" }), true);
    expect(updated.map((r) => [r.id, r.status])).toEqual([["run_3", "running"], ["run_1", "succeeded"]]);
    expect(upsertRun(rows, run("run_3"), false).map((r) => r.id)).toEqual(["run_1"]);
    expect(upsertRun(rows, run("run_5"), true, 2).map((r) => r.id)).toEqual(["run_5", "run_3"]);
  });
});
