"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { ApiErrorAlert } from "../../api-error-alert";
import { useConsole } from "../../console-context";
import { useProjectApi } from "../../connections/use-project-api";
import { TextArea } from "../forms/kit";
import type { WorkflowVersionDto } from "../types";

/** Publish the saved draft as the next immutable version, with an optional note. */
export function PublishButton({ project, workflowId, nextVersion, blockedBy, onPublished }: {
  project: string;
  workflowId: string;
  nextVersion: number;
  /** Why publishing is not possible now; the button is disabled and says so. */
  blockedBy: string | null;
  onPublished: (v: WorkflowVersionDto) => void;
}) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const publish = useMutation({
    mutationFn: () => call<WorkflowVersionDto>(`/v1/workflows/${encodeURIComponent(workflowId)}/publish`, { method: "POST", body: note.trim() ? { note: note.trim() } : {} }),
    onSuccess: (v) => {
      toast.success(`Version ${v.number} published`, "New runs use it from now on.");
      void qc.invalidateQueries({ queryKey: ["workflow-versions", workspace.slug, project, workflowId] });
      setOpen(false);
      setNote("");
      onPublished(v);
    },
  });
  return (
    <>
      <Button size="sm" disabled={!!blockedBy} title={blockedBy ?? undefined} onClick={() => (publish.reset(), setOpen(true))}>
        <Upload className="size-3.5" aria-hidden /> Publish
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Publish version {nextVersion}</DialogTitle>
            <DialogDescription>The draft becomes an immutable version. Runs started from the API, webhooks and the console use the latest version.</DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              publish.mutate();
            }}
          >
            <Field id="publish-note" label="Note (optional)" hint="What changed, for the version history.">
              <TextArea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={1000} />
            </Field>
            {publish.isError && <ApiErrorAlert error={publish.error} />}
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={publish.isPending}>
                {publish.isPending ? "Publishing…" : `Publish version ${nextVersion}`}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
