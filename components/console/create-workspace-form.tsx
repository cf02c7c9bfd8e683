"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { api, apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createWorkspaceBody, type CreateWorkspaceInput } from "@/lib/schemas/workspaces";
import type { ProjectDto } from "@/lib/schemas/projects";
import type { WorkspaceDto } from "@/lib/schemas/workspaces";
import { slugify } from "./slugify";

/** Name + slug; creates the workspace (and its default project) and opens it. */
export function CreateWorkspaceForm({ submitLabel = "Create workspace", onCancel }: { submitLabel?: string; onCancel?: () => void }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation({
    mutationFn: (body: CreateWorkspaceInput) => api<{ workspace: WorkspaceDto; project: ProjectDto }>("/v1/workspaces", { method: "POST", body }),
    onSuccess: ({ workspace }) => {
      router.push(`/w/${workspace.slug}`);
      router.refresh();
    },
    onError: (err) => setErrors(apiFieldErrors(err)),
  });
  const effectiveSlug = slugTouched ? slug : slugify(name);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const v = validate(createWorkspaceBody, { name, slug: effectiveSlug });
        if (!v.ok) return setErrors(v.errors);
        setErrors({});
        create.mutate(v.data);
      }}
    >
      <Field id="workspace-name" label="Workspace name" error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Acme Inc." autoComplete="organization" autoFocus />
      </Field>
      <Field id="workspace-slug" label="Slug" error={errors.slug} hint="Used in URLs and as X-Tenant-Id. It cannot be changed later.">
        <Input
          value={effectiveSlug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value);
          }}
          placeholder="acme"
          className="font-mono"
          spellCheck={false}
        />
      </Field>
      {create.isError && Object.keys(apiFieldErrors(create.error)).length === 0 && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
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
