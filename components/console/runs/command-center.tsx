"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Activity } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { TableSkeleton } from "@/components/ui/skeleton";
import { errorMessage } from "@/lib/client/api";
import type { RunStatsDto } from "@/lib/schemas/run-stats";
import type { LiveRunMessage } from "@/lib/schemas/runs";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { LiveIndicator } from "./live-indicator";
import { RunCharts } from "./run-charts";
import { filtersToSearch, rangeOf, readFilters, type RunFilters } from "./run-filters";
import { RunFiltersBar, type WorkflowOption } from "./run-filters-bar";
import { RunsTable } from "./runs-table";
import { useLiveRuns } from "./use-live-runs";

// Events after which the charts are out of date: a new run, or a run that ended.
const STATS_EVENTS = /^run\.(queued|succeeded|failed|canceled|budget_exceeded)$/;

export function CommandCenter({ project, base }: { project: string; base: string }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const filters = useMemo(() => readFilters(new URLSearchParams(search)), [search]);
  const setFilters = (next: Partial<RunFilters>) => {
    const qs = filtersToSearch({ ...filters, ...next });
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const workflows = useQuery({
    queryKey: ["workflows", workspace.slug, project, "options"],
    queryFn: ({ signal }) => call<{ data: WorkflowOption[] }>("/v1/workflows", { query: { limit: 200 }, signal }),
  });
  const range = rangeOf(filters);
  const statsKey = ["run-stats", workspace.slug, project, filters.range, filters.workflow];
  const stats = useQuery({
    queryKey: statsKey,
    queryFn: ({ signal }) =>
      call<RunStatsDto>("/v1/runs/stats", {
        query: { from: new Date(Date.now() - range.ms).toISOString(), bucket: range.bucket, workflow: filters.workflow || undefined },
        signal,
      }),
    staleTime: 0,
  });

  // Charts follow the live stream too: a burst of events refreshes them once.
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  const onEvent = useCallback(
    (msg: LiveRunMessage) => {
      if (!STATS_EVENTS.test(msg.type) || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void qc.invalidateQueries({ queryKey: ["run-stats", workspace.slug, project] });
      }, 1500);
    },
    [qc, workspace.slug, project],
  );
  const { list, rows, live } = useLiveRuns(project, filters, onEvent);
  const filtered = !!(filters.status || filters.workflow || filters.trigger);

  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <RunFiltersBar filters={filters} workflows={workflows.data?.data ?? []} onChange={setFilters} />
        <LiveIndicator state={live} />
      </div>
      {stats.isError ? <Alert variant="destructive">Statistics unavailable: {errorMessage(stats.error)}</Alert> : <RunCharts stats={stats.data} loading={stats.isPending} />}
      <section className="grid gap-3" aria-label="Live runs">
        <h2 className="text-sm font-semibold">Runs</h2>
        {list.isError && <Alert variant="destructive">{errorMessage(list.error)}</Alert>}
        {list.isPending ? (
          <TableSkeleton rows={5} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={Activity}
            title={filtered ? "No runs match these filters" : "No runs in this period"}
            description="Runs appear here the moment they start, from the console, the API, webhooks or MCP."
          />
        ) : (
          <RunsTable rows={rows} base={base} />
        )}
      </section>
    </div>
  );
}
