"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo } from "react";
import type { LiveRunMessage, RunDto } from "@/lib/schemas/runs";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { listQuery, matchesFilters, upsertRun, type RunFilters } from "./run-filters";
import { sseUrl, useEventSource } from "./use-event-source";

type Page = { data: RunDto[]; nextCursor: string | null };

/**
 * The filtered run list, kept current by the project's live stream (GET /v1/runs/live): every
 * event carries the run's new summary, which is placed into (or dropped from) the cached
 * list. The list is fetched once per filter change and after a dropped stream reconnects;
 * there is no polling.
 */
export function useLiveRuns(project: string, filters: RunFilters, onEvent?: (msg: LiveRunMessage) => void) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = useMemo(() => ["runs", workspace.slug, project, filters] as const, [workspace.slug, project, filters]);
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => call<Page>("/v1/runs", { query: listQuery(filters), signal }),
    // Live events keep it current only while mounted: coming back always reloads.
    staleTime: 0,
  });

  const onMessage = useCallback(
    (msg: LiveRunMessage, e: MessageEvent<string>) => {
      // The server lost notices (its LISTEN connection dropped): reload the list once.
      if (e.type === "resync") return void qc.invalidateQueries({ queryKey: key });
      if (!msg?.run?.id) return;
      qc.setQueryData<Page>(key, (page) => (page ? { ...page, data: upsertRun(page.data, msg.run, matchesFilters(msg.run, filters)) } : page));
      onEvent?.(msg);
    },
    [qc, key, filters, onEvent],
  );
  const live = useEventSource<LiveRunMessage>(sseUrl("/v1/runs/live", { tenant: workspace.slug, project }), onMessage, {
    onReconnect: () => void qc.invalidateQueries({ queryKey: key }),
    eventTypes: ["resync"],
  });
  return { list, rows: list.data?.data ?? [], live };
}
