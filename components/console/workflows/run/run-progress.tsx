"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { errorMessage } from "@/lib/client/api";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { topologicalOrder } from "@/lib/workflows/graph";
import { useConsole } from "../../console-context";
import { useProjectApi } from "../../connections/use-project-api";
import { formatMs, formatTokens, formatUsd } from "../../runs/format";
import { RunStatusBadge } from "../../runs/run-status-badge";
import { sseUrl, useEventSource } from "../../runs/use-event-source";
import type { RunEventMessage, RunStep, RunStepsDto } from "../types";

type Step = RunStepsDto["steps"][number];

// What an event says about a step before the refetched row arrives.
const STEP_EVENT_STATUS: Record<string, string> = {
  "step.started": "running",
  "step.retrying": "running",
  "step.succeeded": "succeeded",
  "step.failed": "failed",
  "step.skipped": "skipped",
  "approval.requested": "waiting_approval",
};

function Json({ value, label }: { value: unknown; label: string }) {
  const text = JSON.stringify(value, null, 2) ?? "null";
  const shown = text.length > 4000 ? `${text.slice(0, 4000)}\n… (${text.length - 4000} more characters in the run page)` : text;
  return (
    <div className="grid gap-1">
      <span className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{label}</span>
      <pre className="max-h-48 overflow-auto rounded-md border bg-muted/40 p-2 font-mono text-[11px] leading-relaxed">{shown}</pre>
    </div>
  );
}

function errorText(error: unknown): string {
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  if (error && typeof error === "object" && "code" in error) return String((error as { code: unknown }).code);
  return JSON.stringify(error);
}

function StepRow({ nodeId, name, step, live }: { nodeId: string; name: string; step?: Step; live?: string }) {
  const status = step?.status ?? live ?? "pending";
  return (
    <li data-testid={`run-step-${nodeId}`} className="grid gap-2 rounded-md border bg-card p-2.5">
      <div className="flex items-center gap-2">
        <span className="min-w-0 flex-1 truncate text-sm font-medium">
          {name} <span className="font-mono text-xs text-muted-foreground">{nodeId}</span>
        </span>
        {status === "pending" ? <span className="text-xs text-muted-foreground">Pending</span> : <RunStatusBadge status={status} />}
      </div>
      {step && (
        <dl className="flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-muted-foreground">
          <div>
            <dt className="inline">Latency </dt>
            <dd className="inline font-mono">{formatMs(step.latencyMs)}</dd>
          </div>
          {(step.tokensIn !== null || step.tokensOut !== null) && (
            <div>
              <dt className="inline">Tokens </dt>
              <dd className="inline font-mono">
                {formatTokens(step.tokensIn)} in / {formatTokens(step.tokensOut)} out
              </dd>
            </div>
          )}
          <div>
            <dt className="inline">Cost </dt>
            <dd className="inline font-mono">{formatUsd(step.cost)}</dd>
          </div>
          {step.attempts > 1 && (
            <div>
              <dt className="inline">Attempts </dt>
              <dd className="inline font-mono">{step.attempts}</dd>
            </div>
          )}
        </dl>
      )}
      {step?.error != null && <p className="text-xs text-destructive">{errorText(step.error)}</p>}
      {step && (step.status === "succeeded" || step.status === "reused") && <Json value={step.output} label="Output" />}
    </li>
  );
}

/**
 * A run's steps as they happen: the run's event stream (SSE) says something changed, the
 * steps endpoint says what. Each event marks its step at once; the refetch fills in output,
 * error, tokens, cost and latency.
 */
export function RunProgress({ project, runId, graph, onSteps }: { project: string; runId: string; graph: WorkflowGraph; onSteps?: (steps: Map<string, RunStep>) => void }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const key = useMemo(() => ["run-steps", workspace.slug, project, runId], [workspace.slug, project, runId]);
  const steps = useQuery({ queryKey: key, queryFn: ({ signal }) => call<RunStepsDto>(`/v1/runs/${encodeURIComponent(runId)}/steps`, { signal }) });
  const [live, setLive] = useState<Record<string, string>>({});
  const [ended, setEnded] = useState(false);
  const refetchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refetchSoon = () => {
    if (refetchTimer.current) return;
    refetchTimer.current = setTimeout(() => {
      refetchTimer.current = null;
      void qc.invalidateQueries({ queryKey: key });
    }, 120);
  };
  useEffect(() => () => {
    if (refetchTimer.current) clearTimeout(refetchTimer.current);
  }, []);

  const url = ended ? null : sseUrl(`/v1/runs/${encodeURIComponent(runId)}/events`, { tenant: workspace.slug, project });
  const state = useEventSource<RunEventMessage | Record<string, never>>(
    url,
    (msg, event) => {
      if (event.type === "end") {
        setEnded(true);
        void qc.invalidateQueries({ queryKey: key });
        return "close";
      }
      const m = msg as RunEventMessage;
      const status = STEP_EVENT_STATUS[m.type];
      if (m.nodeId && status) setLive((l) => ({ ...l, [m.nodeId as string]: status }));
      refetchSoon();
    },
    { eventTypes: ["end"], onReconnect: refetchSoon },
  );

  const byNode = useMemo(() => new Map((steps.data?.steps ?? []).map((s) => [s.nodeId, s])), [steps.data]);
  useEffect(() => {
    if (!onSteps) return;
    const out = new Map<string, RunStep>();
    for (const [nodeId, status] of Object.entries(live)) out.set(nodeId, { nodeId, status });
    for (const s of byNode.values()) out.set(s.nodeId, { nodeId: s.nodeId, status: s.status });
    onSteps(out);
  }, [live, byNode, onSteps]);

  const ordered = useMemo(() => {
    try {
      const order = topologicalOrder(graph);
      return order.map((id) => graph.nodes.find((n) => n.id === id)!);
    } catch {
      return graph.nodes;
    }
  }, [graph]);

  const run = steps.data?.run;
  return (
    <section aria-label="Run progress" data-testid="run-progress" className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        {run ? <RunStatusBadge status={run.status} /> : <span className="text-xs text-muted-foreground">Loading…</span>}
        {!ended && state === "live" && <span className="text-xs text-muted-foreground">Live</span>}
        <Link href={`/w/${workspace.slug}/projects/${project}/runs/${runId}`} className="ml-auto inline-flex items-center gap-1 text-xs text-muted-foreground hover:text-foreground">
          Open run <ExternalLink className="size-3" aria-hidden />
        </Link>
      </div>
      {steps.isError && <Alert variant="destructive">{errorMessage(steps.error)}</Alert>}
      {run && run.status === "queued" && <p className="text-xs text-muted-foreground">Queued: waiting for a worker to pick it up.</p>}
      {run && run.status === "waiting_approval" && (
        <p className="text-xs text-muted-foreground">
          Paused at an approval.{" "}
          <Link className="underline" href={`/w/${workspace.slug}/projects/${project}/approvals`}>
            Open the approvals inbox
          </Link>
        </p>
      )}
      {run?.error && <Alert variant="destructive">{run.error.message ?? run.error.code}</Alert>}
      <ol className="grid gap-2" aria-label="Steps">
        {ordered.map((n) => (
          <StepRow key={n.id} nodeId={n.id} name={n.name || n.type} step={byNode.get(n.id)} live={live[n.id]} />
        ))}
      </ol>
      {run?.status === "succeeded" && <Json value={run.output} label="Run output" />}
      {steps.data && (
        <p className="text-xs text-muted-foreground">
          Total: {formatUsd(steps.data.totals.cost)} · {formatTokens(steps.data.totals.tokensIn + steps.data.totals.tokensOut)} tokens
        </p>
      )}
    </section>
  );
}
