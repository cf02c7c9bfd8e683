"use client";
import type { RunEventMessage } from "@/lib/schemas/runs";

/** The raw event stream of the run, newest last, for when the timeline is not enough. */
export function RunEventLog({ events }: { events: RunEventMessage[] }) {
  return (
    <details className="rounded-lg border bg-card px-4 py-3">
      <summary className="cursor-pointer text-sm font-semibold">Events ({events.length})</summary>
      <ol className="mt-3 grid gap-1 font-mono text-xs" data-testid="run-events">
        {events.map((e) => (
          <li key={e.seq} className="flex gap-3">
            <span className="w-8 text-right text-muted-foreground">{e.seq}</span>
            <span className="w-40 text-muted-foreground">{new Date(e.createdAt).toLocaleTimeString("en", { hour12: false })}</span>
            <span>{e.type}</span>
            {e.nodeId && <span className="text-muted-foreground">{e.nodeId}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
