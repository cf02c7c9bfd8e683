"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { createWorkflowBody } from "@/lib/schemas/workflows";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm } from "../dialog-form";
import { FormActions } from "../form-actions";
import { FormError } from "../form-error";
import { NewButton } from "../new-button";
import { NameSlugFields, useNameSlug } from "../name-slug-fields";
import { useFormMutation } from "../use-form-mutation";
import { TextArea } from "./forms/kit";
import type { WorkflowDetail } from "./types";

/** Name, slug and description; the new workflow starts as trigger → output and opens in the editor. */
export function CreateWorkflowDialog({ project }: { project: string }) {
  const router = useRouter();
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const names = useNameSlug();
  const [description, setDescription] = useState("");
  const [open, setOpen] = useState(false);
  const { errors, submit, mutation: create } = useFormMutation({
    schema: createWorkflowBody,
    mutationFn: (body) => call<WorkflowDetail>("/v1/workflows", { method: "POST", body }),
    onSuccess: (wf) => {
      toast.success("Workflow created", wf.name);
      router.push(`/w/${workspace.slug}/projects/${project}/workflows/${wf.slug}`);
    },
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <NewButton label="New workflow" />
      </DialogTrigger>
      <DialogContent>
        <DialogForm
          className="grid gap-4"
          title="New workflow"
          description="It starts as a trigger connected to an output; build the rest in the editor."
          onSubmit={() => submit({ name: names.name, slug: names.slug || undefined, description: description.trim() || undefined })}
        >
          <NameSlugFields
            state={names}
            errors={errors}
            idPrefix="workflow"
            nameLabel="Name"
            namePlaceholder="Refund triage"
            slugHint="Used in URLs and the API ({id} accepts the slug). It cannot be changed later."
            slugPlaceholder="refund-triage"
          />
          <Field id="workflow-description" label="Description (optional)" error={errors.description}>
            <TextArea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
          </Field>
          <FormError error={create.error} />
          <FormActions submitLabel="Create workflow" pendingLabel="Creating…" pending={create.isPending} onCancel={() => setOpen(false)} />
        </DialogForm>
      </DialogContent>
    </Dialog>
  );
}
