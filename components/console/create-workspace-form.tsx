"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { api, apiFieldErrors } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createWorkspaceBody, type CreateWorkspaceInput } from "@/lib/schemas/workspaces";
import type { ProjectDto } from "@/lib/schemas/projects";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { FormError } from "./form-error";
import { NameSlugFields, useNameSlug } from "./name-slug-fields";

/** Name + slug; creates the workspace (and its default project) and opens it. */
export function CreateWorkspaceForm({ submitLabel = "Create workspace", onCancel }: { submitLabel?: string; onCancel?: () => void }) {
  const router = useRouter();
  const names = useNameSlug();
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: CreateWorkspaceInput) => api<{ workspace: WorkspaceDto; project: ProjectDto }>("/v1/workspaces", { method: "POST", body }),
    onSuccess: ({ workspace }) => {
      router.push(`/w/${workspace.slug}`);
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
        const v = validate(createWorkspaceBody, { name: names.name, slug: names.slug });
        if (!v.ok) return setErrors(v.errors);
        setErrors({});
        create.mutate(v.data);
      }}
    >
      <NameSlugFields
        state={names}
        errors={errors}
        idPrefix="workspace"
        nameLabel="Workspace name"
        namePlaceholder="Acme Inc."
        nameAutoComplete="organization"
        slugHint="Used in URLs and as X-Tenant-Id. It cannot be changed later."
        slugPlaceholder="acme"
      />
      <FormError error={create.error} />
      <div className="flex justify-end gap-2">
        {onCancel && (
          <Button type="button" variant="outline" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" disabled={create.isPending || create.isSuccess}>
          {create.isPending || create.isSuccess ? "Creating…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
