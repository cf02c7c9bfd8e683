"use client";
import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { RunStepsDto } from "@/lib/schemas/runs";
import { useNow } from "../approvals/use-now";
import { formatMs, formatTokens, formatUsd, timeLeft } from "./format";
import { JsonViewer } from "./json-viewer";
import { RunStatusBadge } from "./run-status-badge";

type StepDto = RunStepsDto["steps"][number];
type Attempt = { attempt?: number; startedAt?: string; finishedAt?: string; latencyMs?: number; error?: unknown; abandoned?: boolean };

/** Steps whose row records the rendered request (resolved values); the others record their expression. */
const CALL_TYPES = new Set(["llm", "http", "tool"]);

function errorText(error: unknown): string {
  if (!error) return "";
  if (typeof error === "string") return error;
  const e = error as { code?: string; message?: string };
  if (e.message || e.code) return [e.code, e.message].filter(Boolean).join(": ");
  return JSON.stringify(error);
}

function Meta({ label, value, testId, title }: { label: string; value: string; testId?: string; title?: string }) {
  return (
    <span className="whitespace-nowrap" title={title}>
      <span className="text-muted-foreground">{label} </span>
      <span className="tabular-nums" data-testid={testId}>
        {value}
      </span>
    </span>
  );
}

function Attempts({ log }: { log: Attempt[] }) {
  return (
    <ol className="grid gap-1 rounded-md border bg-muted/20 px-3 py-2 text-xs" aria-label="Attempts" data-testid="step-attempts">
      {log.map((a, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-x-3" data-testid="step-attempt" data-outcome={a.abandoned ? "abandoned" : a.error ? "failed" : "ok"}>
          <span className="font-medium">Attempt {a.attempt ?? i + 1}</span>
          {a.startedAt && <time className="text-muted-foreground tabular-nums" dateTime={a.startedAt}>{new Date(a.startedAt).toLocaleTimeString("en", { hour12: false })}</time>}
          <span className="text-muted-foreground tabular-nums">{formatMs(a.latencyMs ?? null)}</span>
          {a.abandoned ? (
            <span title="The worker stopped during this try; it was made again with the same idempotency key">
              <span className="font-medium">Abandoned</span> <span className="text-muted-foreground">(the worker stopped; tried again)</span>
            </span>
          ) : a.error ? (
            <span className="text-destructive">{errorText(a.error)}</span>
          ) : (
            <span className="text-success">ok</span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Countdown({ expiresAt }: { expiresAt: string }) {
  return <>{timeLeft(expiresAt, useNow())}</>;
}

function Approval({ approval }: { approval: NonNullable<StepDto["approval"]> }) {
  const who = approval.decidedBy ? approval.decidedBy.name || approval.decidedBy.email : null;
  return (
    <div className="grid gap-1 rounded-md border bg-muted/30 px-3 py-2 text-sm" data-testid="step-approval" data-status={approval.status}>
      <p>{approval.message}</p>
      {approval.status === "pending" ? (
        <p className="text-xs text-warning">Waiting for a {approval.approverRole.replace("project_", "")} or above · <Countdown expiresAt={approval.expiresAt} /></p>
      ) : (
        <p className="text-xs text-muted-foreground">
          <span className="font-medium capitalize text-foreground">{approval.status}</span>
          {who && (
            <>
              {" "}by <span data-testid="approval-decided-by">{who}</span>
            </>
          )}
          {approval.decidedAt && (
            <>
              {" "}
              <TimeAgo value={approval.decidedAt} />
            </>
          )}
        </p>
      )}
      {approval.comment && <p className="text-xs italic" data-testid="approval-comment">“{approval.comment}”</p>}
    </div>
  );
}

function StepData({ step, runId, graphExpression }: { step: StepDto; runId: string; graphExpression?: string }) {
  const file = (part: string) => `${runId}-${step.nodeId}-${part}.json`;
  const recorded = !CALL_TYPES.has(step.nodeType) && step.input && typeof step.input === "object" ? (step.input as { expression?: unknown }).expression : undefined;
  const expression = recorded ?? graphExpression;
  return (
    <div className="mt-2 grid gap-3">
      {typeof expression === "string" && (
        <div className="grid gap-1" data-testid="step-expression">
          <span className="text-xs font-medium text-muted-foreground">Expression</span>
          <code className="overflow-x-auto rounded-md border bg-muted/40 px-3 py-2 font-mono text-xs whitespace-pre">{expression}</code>
        </div>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        {CALL_TYPES.has(step.nodeType) ? (
          <JsonViewer value={step.input} label="Input" filename={file("input")} />
        ) : (
          step.reads !== null && <JsonViewer value={step.reads} label="Input (values read)" filename={file("input")} testId="json-input" />
        )}
        {step.output === null && step.status !== "succeeded" ? (
          <div className="grid content-start gap-1.5" data-testid="json-output">
            <span className="flex min-h-8 items-center text-xs font-medium text-muted-foreground">Output</span>
            <p className="rounded-md border border-dashed px-3 py-6 text-center text-xs text-muted-foreground">{step.status === "failed" ? "No output: the step failed." : "No output yet."}</p>
          </div>
        ) : (
          <JsonViewer value={step.output} label="Output" filename={file("output")} />
        )}
      </div>
    </div>
  );
}

/**
 * One step of the run trace: status, cost, tokens, latency, every attempt (abandoned ones
 * included), approval, error, and the data it ran with: the rendered request of a call step,
 * or the values a transform's expression read, next to its output.
 */
export function StepCard({ step, runId, focused, expression, onRerunFrom }: { step: StepDto; runId: string; focused?: boolean; expression?: string; onRerunFrom?: (nodeId: string) => void }) {
  const log = (Array.isArray(step.attemptLog) ? step.attemptLog : []) as Attempt[];
  const showAttempts = log.length > 1 || log.some((a) => a.error || a.abandoned);
  // What the workspace paid (the run's `spent` adds these up), not the vendor's list price.
  const charged = step.usage.reduce((sum, u) => sum + u.charge, 0);
  const [open, setOpen] = useState(step.status === "failed");
  // Selected on the graph or the waterfall: show its data (state adjusted while rendering).
  const [wasFocused, setWasFocused] = useState(focused);
  if (focused !== wasFocused) {
    setWasFocused(focused);
    if (focused) setOpen(true);
  }
  const hasData = step.input !== null || step.output !== null || step.reads !== null || !!expression;
  return (
    <li
      id={`step-card-${step.nodeId}`}
      className={cn("relative grid scroll-mt-4 gap-3 rounded-lg border bg-card px-4 py-3 transition-shadow", step.status === "failed" && "border-destructive/60", focused && "ring-2 ring-ring")}
      data-testid={`step-${step.nodeId}`}
      data-status={step.status}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{step.nodeName || step.nodeId}</span>
        <Badge variant="outline" className="font-mono">
          {step.nodeType}
        </Badge>
        <RunStatusBadge status={step.status} />
        <div className="ml-auto flex flex-wrap items-center gap-x-4 gap-y-1 text-xs">
          <Meta label="Latency" value={formatMs(step.latencyMs)} testId="step-latency" />
          {(step.tokensIn !== null || step.tokensOut !== null) && <Meta label="Tokens" value={`${formatTokens(step.tokensIn)} in · ${formatTokens(step.tokensOut)} out`} testId="step-tokens" />}
          <Meta label="Cost" value={formatUsd(charged)} testId="step-cost" title={`Charged for this step's usage; list price ${formatUsd(step.cost)}`} />
          <Meta label="Attempts" value={String(step.attempts)} testId="step-attempt-count" />
        </div>
      </div>
      {!!step.error && (
        <p className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid="step-error">
          {errorText(step.error)}
        </p>
      )}
      {showAttempts && <Attempts log={log} />}
      {step.approval && <Approval approval={step.approval} />}
      {hasData && (
        <details className="group" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary className="cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">Input and output</summary>
          {open && <StepData step={step} runId={runId} graphExpression={expression} />}
        </details>
      )}
      {onRerunFrom && (
        <div>
          <Button size="sm" variant="ghost" onClick={() => onRerunFrom(step.nodeId)}>
            <RotateCcw className="size-3.5" aria-hidden /> Rerun from this step
          </Button>
        </div>
      )}
    </li>
  );
}
