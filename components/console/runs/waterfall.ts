import type { RunStepsDto } from "@/lib/schemas/runs";

// The run's timing as a waterfall: one row per step on a shared axis from the run's creation.
// A step's row is split into what it was doing: queued (waiting for a worker after the step
// before it ended), running, or waiting for an approval decision.

export type SegmentKind = "queued" | "running" | "waiting_approval" | "failed";
export type Segment = { kind: SegmentKind; startMs: number; endMs: number };
export type WaterfallRow = { id: string; nodeId: string | null; label: string; status: string; segments: Segment[] };

type Run = RunStepsDto["run"];
type Step = RunStepsDto["steps"][number];

const at = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

/** Rows for the run (queued before it started) and each step, ms from the run's creation; `endMs` is the axis length. */
export function buildWaterfall(run: Pick<Run, "createdAt" | "startedAt" | "finishedAt" | "status">, steps: Step[], now = Date.now()): { rows: WaterfallRow[]; endMs: number } {
  const t0 = Date.parse(run.createdAt);
  const rel = (t: number) => Math.max(0, t - t0);
  const rows: WaterfallRow[] = [];
  const started = at(run.startedAt);
  const runEnd = at(run.finishedAt);
  rows.push({ id: "run-queued", nodeId: null, label: "Run queued", status: run.status, segments: [{ kind: "queued", startMs: 0, endMs: rel(started ?? runEnd ?? now) }] });

  const ordered = [...steps].filter((s) => s.status !== "skipped").sort((a, b) => a.seq - b.seq);
  let prevEnd = started ?? t0;
  for (const s of ordered) {
    const start = Date.parse(s.startedAt);
    const end = at(s.finishedAt) ?? (runEnd ?? now);
    const segments: Segment[] = [];
    if (start > prevEnd) segments.push({ kind: "queued", startMs: rel(prevEnd), endMs: rel(start) });
    if (s.nodeType === "approval" || s.approval) {
      const decided = at(s.approval?.decidedAt) ?? end;
      segments.push({ kind: "waiting_approval", startMs: rel(start), endMs: rel(Math.min(decided, end)) });
      if (end > decided) segments.push({ kind: s.status === "failed" ? "failed" : "running", startMs: rel(decided), endMs: rel(end) });
    } else {
      segments.push({ kind: s.status === "failed" ? "failed" : "running", startMs: rel(start), endMs: rel(end) });
    }
    rows.push({ id: s.id, nodeId: s.nodeId, label: s.nodeName || s.nodeId, status: s.status, segments });
    prevEnd = Math.max(prevEnd, end);
  }
  const endMs = Math.max(1, rel(runEnd ?? now), ...rows.flatMap((r) => r.segments.map((g) => g.endMs)));
  return { rows, endMs };
}

/** Milliseconds spent in each kind of segment over the whole row. */
export function segmentTotals(row: WaterfallRow): Partial<Record<SegmentKind, number>> {
  const totals: Partial<Record<SegmentKind, number>> = {};
  for (const g of row.segments) totals[g.kind] = (totals[g.kind] ?? 0) + (g.endMs - g.startMs);
  return totals;
}
