"use client";
import { useMutation } from "@tanstack/react-query";
import { Ban, RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import { isTerminalRunStatus, type RunDto } from "@/lib/schemas/runs";
import { useProjectApi } from "../connections/use-project-api";


/**
 * Cancel and Rerun (optionally from a step). Shown only to viewers allowed `run.start`; the
 * page decides that from the same permission table the API enforces.
 */
export function useRunActions(project: string, runsBase: string, onChanged: () => void) {
  const call = useProjectApi(project);
  const router = useRouter();
  const cancel = useMutation({
    mutationFn: (runId: string) => call<RunDto>(`/v1/runs/${encodeURIComponent(runId)}/cancel`, { method: "POST" }),
    onSuccess: () => (toast.success("Cancel requested", "The run stops before its next step."), onChanged()),
    onError: (err) => toast.error("Could not cancel the run", errorMessage(err)),
  });
  const rerun = useMutation({
    mutationFn: ({ runId, fromNodeId }: { runId: string; fromNodeId?: string }) =>
      call<RunDto>(`/v1/runs/${encodeURIComponent(runId)}/rerun`, { method: "POST", body: fromNodeId ? { fromNodeId } : {} }),
    onSuccess: (run, v) => {
      toast.success("Rerun started", v.fromNodeId ? `From step ${v.fromNodeId}` : "From the start");
      router.push(`${runsBase}/${run.id}`);
    },
    onError: (err) => toast.error("Could not rerun", errorMessage(err)),
  });
  return { cancel, rerun };
}

export function RunActions({ run, actions }: { run: RunDto; actions: ReturnType<typeof useRunActions> }) {
  const [confirming, setConfirming] = useState(false);
  const terminal = isTerminalRunStatus(run.status);
  return (
    <div className="flex items-center gap-2">
      {!terminal && (
        <Button variant="outline" onClick={() => setConfirming(true)} disabled={actions.cancel.isPending || !!run.cancelRequestedAt}>
          <Ban className="size-4" aria-hidden /> {run.cancelRequestedAt ? "Canceling…" : "Cancel"}
        </Button>
      )}
      {run.kind === "workflow" && (
        <Button variant={terminal ? "default" : "outline"} onClick={() => actions.rerun.mutate({ runId: run.id })} disabled={actions.rerun.isPending}>
          <RotateCcw className="size-4" aria-hidden /> Rerun
        </Button>
      )}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title="Cancel this run?"
        description={
          run.kind === "agent"
            ? "The request ends now and releases its unspent credits; the agent's further model and tool calls in it are refused."
            : "Steps already finished keep their results; the run stops before its next step and releases its unspent credits."
        }
        confirmLabel="Cancel run"
        onConfirm={async () => {
          await actions.cancel.mutateAsync(run.id);
          setConfirming(false);
        }}
      />
    </div>
  );
}
