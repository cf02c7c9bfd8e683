"use client";
import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

/** "3 h 12 min", "4 min 05 s": what is left of the grace window. */
export function timeLeft(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${String(m).padStart(2, "0")} min`;
  return `${m} min ${String(s % 60).padStart(2, "0")} s`;
}

/** The current time, ticking every second while `ticking` (a countdown on screen). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}

/** Across every page of a workspace pending deletion: when it will be deleted, and Cancel for the owner. */
export function DeletionBanner() {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const until = workspace.pendingDeletionUntil;
  const now = useNow(Boolean(until));
  const cancel = useMutation({
    mutationFn: () => call("/v1/workspaces/current/deletion/cancel", { method: "POST" }),
    onSuccess: () => {
      toast.success("Deletion canceled", `${workspace.name} will not be deleted`);
      router.refresh();
    },
    onError: (err) => toast.error("Could not cancel", errorMessage(err)),
  });
  if (!until) return null;
  const left = new Date(until).getTime() - now;
  return (
    <div role="alert" data-testid="deletion-banner" className="mb-6 flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-destructive/50 bg-destructive/10 px-4 py-2.5 text-sm">
      <Trash2 className="size-4 shrink-0 text-destructive" aria-hidden />
      <span className="flex-1">
        {left > 0 ? (
          <>
            This workspace will be deleted in <strong data-testid="deletion-time-left">{timeLeft(left)}</strong> ({new Date(until).toLocaleString()}). Runs and API tokens are
            refused until then.
          </>
        ) : (
          "This workspace is being deleted."
        )}
      </span>
      {can("workspace.delete") && left > 0 && (
        <Button size="sm" variant="outline" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          {cancel.isPending ? "Canceling…" : "Cancel deletion"}
        </Button>
      )}
    </div>
  );
}
