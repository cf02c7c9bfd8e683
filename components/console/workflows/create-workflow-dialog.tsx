"use client";
import { useMutation } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createWorkflowBody } from "@/lib/schemas/workflows";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { FormError } from "../form-error";
import { NameSlugFields, useNameSlug } from "../name-slug-fields";
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
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: unknown) => call<WorkflowDetail>("/v1/workflows", { method: "POST", body }),
    onSuccess: (wf) => {
      toast.success("Workflow created", wf.name);
      router.push(`/w/${workspace.slug}/projects/${project}/workflows/${wf.slug}`);
    },
    onError: (err) => setErrors(apiFieldErrors(err)),
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus className="size-4" aria-hidden /> New workflow
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New workflow</DialogTitle>
          <DialogDescription>It starts as a trigger connected to an output; build the rest in the editor.</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const body = { name: names.name, slug: names.slug || undefined, description: description.trim() || undefined };
            const v = validate(createWorkflowBody, body);
            if (!v.ok) return setErrors(v.errors);
            setErrors({});
            create.mutate(body);
          }}
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
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create workflow"}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
