import { cn } from "@/components/ui/cn";
import type { LiveState } from "./use-event-source";

const LABEL: Record<LiveState, string> = { live: "Live", connecting: "Connecting…", closed: "Offline" };

/** Whether the page is receiving live events. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-xs text-muted-foreground" data-testid="live-indicator" data-state={state} aria-live="polite">
      <span className={cn("size-2 rounded-full", state === "live" ? "animate-pulse bg-success" : state === "connecting" ? "bg-warning" : "bg-muted-foreground")} aria-hidden />
      {LABEL[state]}
    </span>
  );
}
