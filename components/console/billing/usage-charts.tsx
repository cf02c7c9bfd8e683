"use client";
import { useQuery } from "@tanstack/react-query";
import { BarChart3 } from "lucide-react";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { OptionSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client/api";
import type { UsageResponse } from "@/lib/schemas/billing";
import { useConsole, useWorkspaceApi } from "../console-context";
import { formatCredits } from "./format";

type Dimension = "project" | "workflow" | "model";
const DIMENSIONS: { value: Dimension; label: string }[] = [
  { value: "project", label: "By project" },
  { value: "workflow", label: "By workflow" },
  { value: "model", label: "By model" },
];
const RANGES = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "90", label: "Last 90 days" },
];
const COLORS = ["var(--primary)", "var(--success)", "var(--warning)", "var(--destructive)", "var(--muted-foreground)", "#8b5cf6"];
const TOP = 5;
// Column names in chart rows: group keys (model names like "gpt-4.1") may contain dots,
// which recharts reads as nested paths.
const OTHER = "other";
const column = (i: number) => `g${i}`;
const TOOLTIP = { contentStyle: { background: "var(--card)", border: "1px solid var(--border)", borderRadius: 8, fontSize: 12 }, labelStyle: { color: "var(--foreground)" } };
const AXIS = { stroke: "var(--muted-foreground)", fontSize: 11, tickLine: false, axisLine: false } as const;

/** One row per day, one column per top group (the rest summed as "Other"), in dollars. */
function chartRows(report: UsageResponse, days: number) {
  const top = report.groups.slice(0, TOP).map((g) => g.key);
  const byDay = new Map<string, Record<string, number>>();
  const end = new Date(report.to);
  for (let i = days - 1; i >= 0; i--) byDay.set(new Date(end.getTime() - i * 86_400_000).toISOString().slice(0, 10), {});
  for (const s of report.series) {
    const row = byDay.get(s.day) ?? {};
    const i = top.indexOf(s.key);
    const key = i >= 0 ? column(i) : OTHER;
    row[key] = (row[key] ?? 0) + s.charge / 1_000_000;
    byDay.set(s.day, row);
  }
  return [...byDay.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, values]) => ({ day: day.slice(5), ...values }));
}

/** Charges over time by project, workflow or model, and the totals per group. */
export function UsageCharts() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const [groupBy, setGroupBy] = useState<Dimension>("project");
  const [days, setDays] = useState("30");
  const usage = useQuery({
    queryKey: ["billing-usage", workspace.slug, groupBy, days],
    queryFn: ({ signal }) => call<UsageResponse>("/v1/billing/usage", { query: { groupBy, from: new Date(Date.now() - Number(days) * 86_400_000).toISOString() }, signal }),
  });
  const report = usage.data;
  const top = report?.groups.slice(0, TOP) ?? [];
  const hasOther = (report?.groups.length ?? 0) > TOP;

  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {/* A choice of grouping over one chart, not tabs with panels of their own: a radio group. */}
        <div role="radiogroup" aria-label="Group usage by" className="flex items-center gap-4 border-b">
          {DIMENSIONS.map((d) => (
            <button
              key={d.value}
              type="button"
              role="radio"
              aria-checked={groupBy === d.value}
              data-state={groupBy === d.value ? "active" : "inactive"}
              onClick={() => setGroupBy(d.value)}
              className="-mb-px cursor-pointer border-b-2 border-transparent px-0.5 pb-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring data-[state=active]:border-foreground data-[state=active]:text-foreground"
            >
              {d.label}
            </button>
          ))}
        </div>
        <OptionSelect value={days} options={RANGES} onValueChange={setDays} className="h-8 w-40 text-xs" label="Usage period" />
        {report && (
          <span className="ml-auto text-sm text-muted-foreground" data-testid="usage-total">
            {formatCredits(report.totals.charge)} charged · {report.totals.records.toLocaleString("en-US")} billable events
          </span>
        )}
      </div>
      {usage.isError ? (
        <Alert variant="destructive">{errorMessage(usage.error)}</Alert>
      ) : !report ? (
        <Skeleton className="h-64 w-full" />
      ) : report.groups.length === 0 ? (
        <EmptyState icon={BarChart3} title="No usage in this period" description="LLM tokens, HTTP calls and steps of runs are charged here as they happen." />
      ) : (
        <>
          <section className="h-64 rounded-lg border bg-card p-4" aria-label="Charges over time" data-testid="usage-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chartRows(report, Number(days))} margin={{ left: -4, right: 4 }}>
                <CartesianGrid vertical={false} stroke="var(--border)" />
                <XAxis dataKey="day" {...AXIS} minTickGap={16} />
                <YAxis {...AXIS} tickFormatter={(v: number) => `$${v}`} />
                <Tooltip {...TOOLTIP} cursor={{ fill: "var(--muted)" }} formatter={(v) => formatCredits(Math.round(Number(v) * 1_000_000))} />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {top.map((g, i) => (
                  <Bar key={g.key} dataKey={column(i)} name={g.label} stackId="usage" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
                ))}
                {hasOther && <Bar dataKey={OTHER} name="Other" stackId="usage" fill="var(--border)" isAnimationActive={false} />}
              </BarChart>
            </ResponsiveContainer>
          </section>
          <Table aria-label="Usage by group">
            <TableHeader>
              <TableRow>
                <TableHead>{DIMENSIONS.find((d) => d.value === groupBy)?.label.replace("By ", "")}</TableHead>
                <TableHead className="text-right">Events</TableHead>
                <TableHead className="text-right">Tokens in / out</TableHead>
                <TableHead className="text-right">Charged</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {report.groups.map((g) => (
                <TableRow key={g.key}>
                  <TableCell className="max-w-64 truncate">{g.label}</TableCell>
                  <TableCell className="text-right tabular-nums">{g.records.toLocaleString("en-US")}</TableCell>
                  <TableCell className="text-right tabular-nums text-muted-foreground">
                    {g.tokensIn.toLocaleString("en-US")} / {g.tokensOut.toLocaleString("en-US")}
                  </TableCell>
                  <TableCell className="text-right font-mono tabular-nums">{formatCredits(g.charge)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </div>
  );
}
