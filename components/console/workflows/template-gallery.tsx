"use client";
import { useMutation } from "@tanstack/react-query";
import { ArrowRight, LayoutTemplate } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useSyncExternalStore } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { WorkflowTemplateDto } from "@/lib/schemas/workflow-templates";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { DialogHeading } from "../dialog-form";
import { NODE_LABELS } from "./editor/graph-model";
import { NODE_ICONS } from "./editor/node-icons";
import type { WorkflowDetail } from "./types";

const noSubscription = () => () => {};

/** The steps as a compact chain of icons and names ("mini step list"). */
function StepList({ steps }: { steps: WorkflowTemplateDto["steps"] }) {
  return (
    <ol aria-label="Steps" className="flex flex-wrap items-center gap-1 text-xs">
      {steps.map((s, i) => {
        const Icon = NODE_ICONS[s.type];
        return (
          <li key={s.id} className="flex items-center gap-1">
            {i > 0 && <ArrowRight className="size-3 text-muted-foreground" aria-hidden />}
            <span className="inline-flex items-center gap-1 rounded border bg-muted/40 px-1.5 py-0.5" title={NODE_LABELS[s.type]}>
              <Icon className="size-3" aria-hidden />
              {s.name ?? s.id}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The starter workflows as cards; "Use template" creates the workflow (its draft is the
 * template's graph) and opens it in the editor.
 */
export function TemplateGallery({ project, templates }: { project: string; templates: WorkflowTemplateDto[] }) {
  const router = useRouter();
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  // Enabled once hydrated: a click on the server-rendered button would do nothing.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const create = useMutation({
    mutationFn: (t: WorkflowTemplateDto) => call<WorkflowDetail>("/v1/workflows", { method: "POST", body: { name: t.name, templateId: t.id } }),
    onSuccess: (wf) => {
      toast.success("Workflow created", wf.issues.length ? `${wf.name}: fill in the highlighted step, then publish` : wf.name);
      router.push(`/w/${workspace.slug}/projects/${project}/workflows/${wf.slug}`);
    },
  });
  return (
    <div className="grid gap-3">
      {create.isError && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" aria-label="Templates">
        {templates.map((t) => (
          <li key={t.id} className="flex flex-col gap-3 rounded-lg border bg-card p-4" data-testid={`template-${t.id}`}>
            <div className="grid gap-1">
              <h3 className="font-semibold">{t.name}</h3>
              <p className="text-sm text-muted-foreground">{t.description}</p>
            </div>
            <StepList steps={t.steps} />
            <p className="text-xs text-muted-foreground">{t.needs.length ? `Needs: ${t.needs.join("; ")}` : "Runs as it is: no setup needed."}</p>
            <Button
              className="mt-auto self-start"
              size="sm"
              variant="outline"
              aria-label={`Use template ${t.name}`}
              disabled={!hydrated || create.isPending}
              onClick={() => create.mutate(t)}
            >
              {create.isPending && create.variables?.id === t.id ? "Creating…" : "Use template"}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** "Templates" beside "New workflow": the gallery in a dialog. */
export function TemplateGalleryDialog({ project, templates }: { project: string; templates: WorkflowTemplateDto[] }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <LayoutTemplate className="size-4" aria-hidden />
          Templates
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] max-w-5xl overflow-y-auto">
        <DialogHeading title="Start from a template" description="A working draft in one click: it opens in the editor, where you can change anything before publishing." />
        <TemplateGallery project={project} templates={templates} />
      </DialogContent>
    </Dialog>
  );
}
