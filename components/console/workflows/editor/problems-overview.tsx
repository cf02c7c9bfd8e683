"use client";
import { AlertTriangle, CheckCircle2, MousePointerClick } from "lucide-react";
import type { Problem } from "./graph-model";

/** The inspector when nothing is selected: every problem of the draft, each one a way to its step. */
export function ProblemsOverview({ problems, readOnly, onSelect }: { problems: Problem[]; readOnly: boolean; onSelect: (t: { nodeId?: string; edgeId?: string }) => void }) {
  return (
    <section aria-label="Overview" className="grid gap-4 p-4">
      <p className="flex items-center gap-2 text-sm text-muted-foreground">
        <MousePointerClick className="size-4" aria-hidden />
        {readOnly ? "Select a step to see its settings." : "Select a step to edit it. Use + on a step's output or on a connection to add a step, or drag from a step's right handle to another step's left handle to connect them."}
      </p>
      {problems.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-success">
          <CheckCircle2 className="size-4" aria-hidden /> No problems: ready to publish.
        </p>
      ) : (
        <div className="grid gap-2">
          <h2 className="text-sm font-semibold">
            {problems.length} {problems.length === 1 ? "problem" : "problems"}
          </h2>
          <ul className="grid gap-1.5" aria-label="Problems">
            {problems.map((p, i) => (
              <li key={i}>
                <button
                  type="button"
                  disabled={!p.nodeId && !p.edgeId}
                  onClick={() => onSelect({ nodeId: p.nodeId, edgeId: p.nodeId ? undefined : p.edgeId })}
                  className="flex w-full cursor-pointer items-start gap-1.5 rounded-md px-2 py-1 text-left text-xs text-destructive hover:bg-muted disabled:cursor-default"
                >
                  <AlertTriangle className="mt-px size-3 shrink-0" aria-hidden />
                  <span>
                    {p.nodeId && <span className="font-mono">{p.nodeId}: </span>}
                    {p.field && p.field !== "config" ? `${p.field}: ` : ""}
                    {p.message}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
