"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createProjectBody, type CreateProjectInput, type ProjectDto } from "@/lib/schemas/projects";
import { useConsole, useWorkspaceApi } from "./console-context";
import { FormError } from "./form-error";
import { NameSlugFields, useNameSlug } from "./name-slug-fields";

export function CreateProjectForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const call = useWorkspaceApi();
  const { workspace } = useConsole();
  const names = useNameSlug();
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: CreateProjectInput) => call<ProjectDto>("/v1/projects", { method: "POST", body }),
    onSuccess: (project) => {
      toast.success("Project created", project.name);
      void qc.invalidateQueries({ queryKey: ["projects", workspace.slug] });
      onDone?.();
      router.push(`/w/${workspace.slug}/projects/${project.slug}`);
      router.refresh();
    },
    onError: (err) => setErrors(apiFieldErrors(err)),
  });

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const v = validate(createProjectBody, { name: names.name, slug: names.slug });
        if (!v.ok) return setErrors(v.errors);
        setErrors({});
        create.mutate(v.data);
      }}
    >
      <NameSlugFields
        state={names}
        errors={errors}
        idPrefix="project"
        nameLabel="Project name"
        namePlaceholder="Support agents"
        slugHint="Sent as X-Project-Id. It cannot be changed later."
        slugPlaceholder="support"
      />
      <FormError error={create.error} />
      <div className="flex justify-end gap-2">
        {onCancel && (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create project"}
        </Button>
      </div>
    </form>
  );
}
