"use client";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Skeleton } from "@/components/ui/skeleton";
import type { RunStatsDto } from "@/lib/schemas/run-stats";
import { formatMs, formatUsd } from "./format";
import { durationTicks, niceTicks, usdTicks } from "./ticks";

const TOOLTIP = { contentStyle: { background: "var(--card)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12 }, labelStyle: { color: "var(--foreground)" } };
const AXIS = { stroke: "var(--muted-foreground)", fontSize: 11, tickLine: false, axisLine: false } as const;
const DAY = 86_400_000;

/**
 * A bucket's label: the hour within a day-long window, the day and hour when hourly buckets
 * span several days (a bare "15:00" three times over says nothing), the date for day buckets.
 */
export function bucketLabel(iso: string, bucket: RunStatsDto["bucket"], spanMs: number): string {
  const d = new Date(iso);
  if (bucket === "day") return d.toLocaleDateString("en", { month: "short", day: "numeric" });
  const time = d.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit", hour12: false });
  return spanMs > DAY + 3_600_000 ? `${d.toLocaleDateString("en", { month: "short", day: "numeric" })} ${time}` : time;
}

function Panel({ title, children, testId, note }: { title: string; children: React.ReactNode; testId: string; note?: React.ReactNode }) {
  return (
    <section className="grid content-start gap-2 rounded-lg border bg-card p-4" aria-label={title} data-testid={testId}>
      <h2 className="text-sm font-semibold">{title}</h2>
      <div className="h-48">{children}</div>
      {note}
    </section>
  );
}

function Tile({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-lg border bg-card px-4 py-3">
      <p className="text-xs text-muted-foreground">{label}</p>
      <p className="mt-1 text-lg font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
    </div>
  );
}

/** Approval steps wait for a person, not for the machine: their wait is reported on its own. */
const WAITING_TYPES = new Set(["approval"]);

/** Totals, runs and cost over time, p50/p95 step latency per node type, and approval wait apart. */
export function RunCharts({ stats, loading }: { stats: RunStatsDto | undefined; loading: boolean }) {
  if (!stats) {
    return loading ? <Skeleton className="h-64 w-full" /> : null;
  }
  const { totals, bucket } = stats;
  const span = Date.parse(stats.to) - Date.parse(stats.from);
  const finished = totals.succeeded + totals.failed;
  const series = stats.buckets.map((b) => ({
    label: bucketLabel(b.start, bucket, span),
    succeeded: b.succeeded,
    failed: b.failed,
    other: b.runs - b.succeeded - b.failed,
    cost: b.cost,
  }));
  const runTicks = niceTicks(Math.max(1, ...stats.buckets.map((b) => b.runs)), 4, 1);
  const costTicks = usdTicks(Math.max(0, ...stats.buckets.map((b) => b.cost)));
  const latency = stats.stepLatency.filter((l) => !WAITING_TYPES.has(l.nodeType));
  const waits = stats.stepLatency.filter((l) => WAITING_TYPES.has(l.nodeType));
  const latencyTicks = durationTicks(Math.max(1, ...latency.map((l) => l.p95)));
  const waitNote = (
    <p className="text-xs text-muted-foreground" data-testid="approval-wait">
      {waits.length === 0
        ? "Approval wait: no decided approvals in this period."
        : waits.map((w) => `Approval wait (not in the chart): p50 ${formatMs(w.p50)} · p95 ${formatMs(w.p95)} over ${w.count.toLocaleString("en-US")}`).join(" · ")}
    </p>
  );
  return (
    <div className="grid gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Tile label="Runs" value={totals.runs.toLocaleString("en-US")} testId="stat-runs" />
        <Tile label="Succeeded" value={finished ? `${Math.round((totals.succeeded / finished) * 100)}%` : "—"} testId="stat-success-rate" />
        <Tile label="Failed" value={totals.failed.toLocaleString("en-US")} testId="stat-failed" />
        <Tile label="Active" value={totals.active.toLocaleString("en-US")} testId="stat-active" />
        <Tile label="Cost" value={formatUsd(totals.cost)} testId="stat-cost" />
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Panel title="Runs over time" testId="chart-runs">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={series} margin={{ left: -20, right: 4 }}>
              <CartesianGrid vertical={false} stroke="var(--border)" />
              <XAxis dataKey="label" {...AXIS} minTickGap={16} />
              <YAxis allowDecimals={false} {...AXIS} ticks={runTicks} domain={[0, runTicks[runTicks.length - 1]]} />
              <Tooltip {...TOOLTIP} cursor={{ fill: "var(--muted)" }} />
              <Legend wrapperStyle={{ fontSize: 11 }} />
              <Bar dataKey="succeeded" name="Succeeded" stackId="runs" fill="var(--success)" isAnimationActive={false} />
              <Bar dataKey="failed" name="Failed" stackId="runs" fill="var(--destructive)" isAnimationActive={false} />
              <Bar dataKey="other" name="Other" stackId="runs" fill="var(--muted-foreground)" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </Panel>
        <Panel title="Cost over time (USD)" testId="chart-cost">
          <ResponsiveContainer width="100%" height="100%">
            <AreaChart data={series} margin={{ left: 0, right: 4 }}>
              <CartesianGrid vertical={false} stroke="var(--border)" />
              <XAxis dataKey="label" {...AXIS} minTickGap={16} />
              <YAxis {...AXIS} ticks={costTicks} domain={[0, costTicks[costTicks.length - 1]]} tickFormatter={(v: number) => formatUsd(v)} width={72} />
              <Tooltip {...TOOLTIP} formatter={(v) => [formatUsd(Number(v)), "Cost"]} />
              <Area dataKey="cost" name="Cost" type="monotone" stroke="var(--primary)" fill="var(--primary)" fillOpacity={0.15} isAnimationActive={false} />
            </AreaChart>
          </ResponsiveContainer>
        </Panel>
        <Panel title="Step latency (p50 / p95)" testId="chart-latency" note={waitNote}>
          {latency.length === 0 ? (
            <p className="flex h-full items-center justify-center text-sm text-muted-foreground">No finished steps in this period.</p>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={latency} margin={{ left: -4, right: 4 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="nodeType" {...AXIS} />
                <YAxis {...AXIS} ticks={latencyTicks} domain={[0, latencyTicks[latencyTicks.length - 1]]} tickFormatter={(v: number) => formatMs(v)} width={56} />
                <Tooltip {...TOOLTIP} cursor={{ fill: "var(--muted)" }} formatter={(v, name) => [formatMs(Number(v)), name]} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                <Bar dataKey="p50" name="p50" fill="var(--primary)" isAnimationActive={false} />
                <Bar dataKey="p95" name="p95" fill="var(--warning)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </Panel>
      </div>
    </div>
  );
}
