"use client";
import { runSubject } from "./run-subject";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { TableSkeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { errorMessage } from "@/lib/client/api";
import { isTerminalRunStatus, type RunDetailDto, type RunEventMessage, type RunStepsDto } from "@/lib/schemas/runs";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { elapsedMs, formatMs, formatTokens, formatUsd } from "./format";
import { LiveIndicator } from "./live-indicator";
import { RunActions, useRunActions } from "./run-actions";
import { RunEventLog } from "./run-event-log";
import { RunGraph } from "./run-graph";
import { RunIo } from "./run-io";
import { RunWaterfall } from "./run-waterfall";
import { RunStatusBadge } from "./run-status-badge";
import { triggerLabel } from "./runs-table";
import { StepCard } from "./step-card";
import { sseUrl, useEventSource } from "./use-event-source";

/** A transform's, condition's or output's expression from the run's graph (its row has none when it failed). */
function expressionOf(graph: WorkflowGraph | undefined, nodeId: string): string | undefined {
  const node = graph?.nodes?.find((n) => n.id === nodeId);
  const config = node?.config as { expression?: unknown } | undefined;
  return node && ["transform", "condition", "output"].includes(node.type) && typeof config?.expression === "string" ? config.expression : undefined;
}

const TERMINAL_EVENT = /^run\.(succeeded|failed|canceled|budget_exceeded)$/;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-0.5">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-sm tabular-nums">{children}</dd>
    </div>
  );
}

/**
 * A run with its step timeline, updated live: every event on the run's stream
 * (GET /v1/runs/{id}/events) triggers one refetch of the steps, which carry the full
 * inputs, outputs, usage and approvals. The stream is closed when the run ends.
 */
export function RunView({ runId, project, runsBase, canStart }: { runId: string; project: string; runsBase: string; canStart: boolean }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = ["run-steps", workspace.slug, project, runId];
  const steps = useQuery({ queryKey: key, queryFn: ({ signal }) => call<RunStepsDto>(`/v1/runs/${encodeURIComponent(runId)}/steps`, { signal }), staleTime: 0 });
  // The graph snapshot the run executes never changes: read once.
  const detail = useQuery({ queryKey: ["run-detail", workspace.slug, project, runId], queryFn: ({ signal }) => call<RunDetailDto>(`/v1/runs/${encodeURIComponent(runId)}`, { signal }), staleTime: Infinity });
  const [focused, setFocused] = useState<string | null>(null);
  const focus = useCallback((nodeId: string) => {
    setFocused(nodeId);
    document.getElementById(`step-card-${nodeId}`)?.scrollIntoView({ behavior: "smooth", block: "start" });
  }, []);
  const [events, setEvents] = useState<RunEventMessage[]>([]);
  const refetch = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refresh = useCallback(() => {
    // Events come in bursts (step.started, step.succeeded, …): one refetch per burst.
    if (refetch.current) return;
    refetch.current = setTimeout(() => {
      refetch.current = null;
      void qc.invalidateQueries({ queryKey: ["run-steps", workspace.slug, project, runId] });
    }, 120);
  }, [qc, workspace.slug, project, runId]);
  useEffect(() => () => void (refetch.current && clearTimeout(refetch.current)), []);

  const run = steps.data?.run;
  // A run that had already ended when the page opened has nothing more to say.
  const [endedAtLoad, setEndedAtLoad] = useState<boolean | null>(null);
  if (run && endedAtLoad === null) setEndedAtLoad(isTerminalRunStatus(run.status));
  const url = endedAtLoad === false ? sseUrl(`/v1/runs/${encodeURIComponent(runId)}/events`, { tenant: workspace.slug, project }) : null;
  const live = useEventSource<RunEventMessage>(
    url,
    (e, raw) => {
      // `end` follows the run's last event: the server closes the stream, and so do we.
      if (raw.type === "end") return (refresh(), "close");
      setEvents((prev) => (prev.some((p) => p.seq === e.seq) ? prev : [...prev, e].sort((a, b) => a.seq - b.seq)));
      refresh();
      return TERMINAL_EVENT.test(e.type) ? "close" : undefined;
    },
    { onReconnect: refresh, eventTypes: ["end"] },
  );
  const actions = useRunActions(project, runsBase, refresh);

  if (steps.isError) return <Alert variant="destructive">{errorMessage(steps.error)}</Alert>;
  if (!steps.data || !run) return <TableSkeleton rows={4} />;
  const { totals } = steps.data;
  const ordered = [...steps.data.steps].sort((a, b) => a.seq - b.seq);
  const graph = detail.data?.graph as WorkflowGraph | undefined;
  const hasGraph = run.kind === "workflow" && Array.isArray(graph?.nodes) && graph.nodes.length > 0;
  const canRerunFrom = canStart && run.kind === "workflow" && isTerminalRunStatus(run.status) && run.versionNumber !== null;

  return (
    <div className="grid gap-6">
      <section className="grid gap-4 rounded-lg border bg-card p-4" aria-label="Run summary">
        <div className="flex flex-wrap items-center gap-3">
          <RunStatusBadge status={run.status} />
          <span className="font-medium">{runSubject(run).name}</span>
          <span className="text-sm text-muted-foreground">{runSubject(run).detail}</span>
          {!isTerminalRunStatus(run.status) && <LiveIndicator state={live} />}
          {canStart && (
            <div className="ml-auto">
              <RunActions run={run} actions={actions} />
            </div>
          )}
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Trigger">{triggerLabel(run.trigger)}</Fact>
          <Fact label="Created">
            <TimeAgo value={run.createdAt} />
          </Fact>
          <Fact label="Duration">{formatMs(elapsedMs(run.startedAt, run.finishedAt))}</Fact>
          <Fact label="Cost">
            <span data-testid="run-cost">{formatUsd(run.spent)}</span>
            <span className="text-muted-foreground"> / {formatUsd(run.budget)}</span>
          </Fact>
          <Fact label="Tokens">
            {formatTokens(totals.tokensIn)} in · {formatTokens(totals.tokensOut)} out
          </Fact>
          <Fact label="Rerun of">
            {run.rerunOfId ? (
              <Link className="font-mono text-xs text-primary hover:underline" href={`${runsBase}/${run.rerunOfId}`}>
                {run.rerunOfId}
              </Link>
            ) : (
              "—"
            )}
          </Fact>
        </dl>
        {run.error && (
          <p className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid="run-error">
            {run.error.code}
            {run.error.message ? `: ${run.error.message}` : ""}
            {run.error.nodeId ? ` (step ${run.error.nodeId})` : ""}
          </p>
        )}
      </section>
      <RunIo run={run} />
      {hasGraph && <RunGraph graph={graph!} steps={ordered} onSelect={focus} />}
      <RunWaterfall run={run} steps={ordered} onSelect={focus} />
      <section className="grid gap-3" aria-label="Steps">
        <h2 className="text-sm font-semibold">Steps</h2>
        {ordered.length === 0 ? (
          <p className="text-sm text-muted-foreground">No step has started yet.</p>
        ) : (
          <ol className="grid gap-3" data-testid="step-timeline">
            {ordered.map((s) => (
              <StepCard key={s.id} step={s} runId={run.id} focused={focused === s.nodeId} expression={expressionOf(graph, s.nodeId)} onRerunFrom={canRerunFrom && s.status !== "skipped" && s.nodeType !== "trigger" ? (nodeId) => actions.rerun.mutate({ runId: run.id, fromNodeId: nodeId }) : undefined} />
            ))}
          </ol>
        )}
      </section>
      {events.length > 0 && <RunEventLog events={events} />}
    </div>
  );
}
