"use client";
import { cn } from "@/components/ui/cn";
import type { RunStepsDto } from "@/lib/schemas/runs";
import { useNow } from "../approvals/use-now";
import { formatMs } from "./format";
import { durationTicks } from "./ticks";
import { buildWaterfall, segmentTotals, type SegmentKind, type WaterfallRow } from "./waterfall";

const KIND: Record<SegmentKind, { label: string; className: string }> = {
  queued: { label: "Queued", className: "bg-muted-foreground/35 bg-[repeating-linear-gradient(135deg,transparent_0_3px,var(--card)_3px_5px)]" },
  running: { label: "Running", className: "bg-primary" },
  waiting_approval: { label: "Waiting for approval", className: "bg-warning" },
  failed: { label: "Failed", className: "bg-destructive" },
};

const ROW = "grid grid-cols-[minmax(5.5rem,10rem)_1fr] items-center gap-x-3";

function describe(row: WaterfallRow): string {
  const totals = segmentTotals(row);
  const parts = (Object.keys(KIND) as SegmentKind[]).filter((k) => totals[k] !== undefined).map((k) => `${KIND[k].label} ${formatMs(totals[k])}`);
  const first = row.segments[0];
  return `${row.label}: ${parts.join(" · ")}${first ? ` (from +${formatMs(first.startMs)})` : ""}`;
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground" aria-label="Legend">
      {(Object.keys(KIND) as SegmentKind[]).map((k) => (
        <li key={k} className="flex items-center gap-1.5">
          <span className={cn("inline-block h-2.5 w-4 rounded-sm", KIND[k].className)} aria-hidden />
          {KIND[k].label}
        </li>
      ))}
    </ul>
  );
}

/**
 * The run's timing: a bar per step on one time axis from the run's creation, queued, running
 * and waiting-for-approval drawn apart so a long approval does not read as a slow step.
 * Hovering a bar (or reading its label) gives the durations; clicking goes to the step.
 */
export function RunWaterfall({ run, steps, onSelect }: { run: RunStepsDto["run"]; steps: RunStepsDto["steps"]; onSelect: (nodeId: string) => void }) {
  const live = !run.finishedAt;
  const now = useNow(live ? 1000 : 60_000);
  const { rows, endMs } = buildWaterfall(run, steps, now);
  const ticks = durationTicks(endMs);
  const axis = ticks[ticks.length - 1];
  const pct = (ms: number) => `${(ms / axis) * 100}%`;
  return (
    <section className="grid content-start gap-3 rounded-lg border bg-card p-4" aria-label="Timing" data-testid="run-waterfall">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Timing</h2>
        <Legend />
      </div>
      <div className="grid gap-0.5 text-xs">
        <div className={ROW} aria-hidden>
          <span />
          {/* On a phone only the ends of the axis are labelled: the middle labels would collide. */}
          <div className="relative mb-1 h-4 text-muted-foreground">
            {ticks.map((t, i) => (
              <span key={t} className={cn("absolute top-0 whitespace-nowrap tabular-nums", i === 0 ? "" : i === ticks.length - 1 ? "-translate-x-full" : "hidden -translate-x-1/2 sm:inline")} style={{ left: pct(t) }}>
                {formatMs(t)}
              </span>
            ))}
          </div>
        </div>
        {rows.map((row) => {
          const title = describe(row);
          const label = row.nodeId ? (
            <button type="button" className="truncate text-left hover:underline" onClick={() => onSelect(row.nodeId!)}>
              {row.label}
            </button>
          ) : (
            <span className="truncate text-muted-foreground">{row.label}</span>
          );
          return (
            <div key={row.id} className={ROW} data-testid={`waterfall-${row.nodeId ?? row.id}`} data-status={row.status}>
              <div className="flex min-w-0 items-center">{label}</div>
              <div className="relative my-1 h-5 rounded-sm bg-muted/40" title={title} aria-label={title} role="img">
                {ticks.slice(1, -1).map((t) => (
                  <span key={t} className="absolute inset-y-0 w-px bg-border" style={{ left: pct(t) }} aria-hidden />
                ))}
                {row.segments.map((g, i) => (
                  <span
                    key={i}
                    data-kind={g.kind}
                    className={cn("absolute inset-y-0.5 min-w-[3px] rounded-sm", KIND[g.kind].className)}
                    style={{ left: pct(g.startMs), width: pct(g.endMs - g.startMs) }}
                  />
                ))}
              </div>
            </div>
          );
        })}
      </div>
    </section>
  );
}
