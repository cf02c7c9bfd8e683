"use client";
import { RotateCcw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import type { RunStepsDto } from "@/lib/schemas/runs";
import { useNow } from "../approvals/use-now";
import { formatMs, formatTokens, formatUsd, timeLeft } from "./format";
import { JsonViewer } from "./json-viewer";
import { RunStatusBadge } from "./run-status-badge";

type StepDto = RunStepsDto["steps"][number];
type Attempt = { attempt?: number; startedAt?: string; finishedAt?: string; latencyMs?: number; error?: unknown };

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
    <ol className="grid gap-1 text-xs" aria-label="Attempts" data-testid="step-attempts">
      {log.map((a, i) => (
        <li key={i} className="flex flex-wrap gap-x-3">
          <span className="font-medium">Attempt {a.attempt ?? i + 1}</span>
          <span className="text-muted-foreground">{formatMs(a.latencyMs ?? null)}</span>
          {a.error ? <span className="text-destructive">{errorText(a.error)}</span> : <span className="text-success">ok</span>}
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

/** One step of the run timeline: status, cost, tokens, latency, retries, approval, input and output. */
export function StepCard({ step, runId, onRerunFrom }: { step: StepDto; runId: string; onRerunFrom?: (nodeId: string) => void }) {
  const log = (Array.isArray(step.attemptLog) ? step.attemptLog : []) as Attempt[];
  const showAttempts = log.length > 1 || log.some((a) => a.error);
  // What the workspace paid (the run's `spent` adds these up), not the vendor's list price.
  const charged = step.usage.reduce((sum, u) => sum + u.charge, 0);
  return (
    <li className="relative grid gap-3 rounded-lg border bg-card px-4 py-3" data-testid={`step-${step.nodeId}`} data-status={step.status}>
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
          {step.attempts > 1 && <Meta label="Attempts" value={String(step.attempts)} />}
        </div>
      </div>
      {!!step.error && (
        <p className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-sm text-destructive" data-testid="step-error">
          {errorText(step.error)}
        </p>
      )}
      {showAttempts && <Attempts log={log} />}
      {step.approval && <Approval approval={step.approval} />}
      {(step.input !== null || step.output !== null) && (
        <details className="group" open={step.status === "failed"}>
          <summary className="cursor-pointer text-xs font-medium text-muted-foreground hover:text-foreground">Input and output</summary>
          <div className="mt-2 grid gap-3 lg:grid-cols-2">
            <JsonViewer value={step.input} label="Input" filename={`${runId}-${step.nodeId}-input.json`} />
            <JsonViewer value={step.output} label="Output" filename={`${runId}-${step.nodeId}-output.json`} />
          </div>
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
