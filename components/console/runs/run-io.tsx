"use client";
import type { RunStepsDto } from "@/lib/schemas/runs";
import { isTerminalRunStatus } from "@/lib/schemas/runs";
import { JsonViewer } from "./json-viewer";

/** The run's input and its result, side by side at the top of the trace. */
export function RunIo({ run }: { run: RunStepsDto["run"] }) {
  const ended = isTerminalRunStatus(run.status);
  const noOutput = !ended ? "No output yet: the run has not finished." : run.status === "succeeded" ? null : `No output: the run ${run.status === "budget_exceeded" ? "ran out of budget" : run.status}${run.error?.nodeId ? ` at step ${run.error.nodeId}` : ""}.`;
  return (
    <section className="grid gap-4 rounded-lg border bg-card p-4 lg:grid-cols-2" aria-label="Input and output">
      <JsonViewer value={run.input} label="Run input" filename={`${run.id}-input.json`} testId="run-input" />
      {run.output === null && noOutput ? (
        <div className="grid content-start gap-1.5" data-testid="run-output">
          <span className="flex min-h-8 items-center text-xs font-medium text-muted-foreground">Run output</span>
          <p className="rounded-md border border-dashed px-3 py-6 text-center text-sm text-muted-foreground">{noOutput}</p>
        </div>
      ) : (
        <JsonViewer value={run.output} label="Run output" filename={`${run.id}-output.json`} testId="run-output" />
      )}
    </section>
  );
}
