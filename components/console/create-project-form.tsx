"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createProjectBody, type CreateProjectInput, type ProjectDto } from "@/lib/schemas/projects";
import { useConsole, useWorkspaceApi } from "./console-context";
import { slugify } from "./slugify";

export function CreateProjectForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const router = useRouter();
  const qc = useQueryClient();
  const call = useWorkspaceApi();
  const { workspace } = useConsole();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugTouched, setSlugTouched] = useState(false);
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
  const effectiveSlug = slugTouched ? slug : slugify(name);

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        const v = validate(createProjectBody, { name, slug: effectiveSlug });
        if (!v.ok) return setErrors(v.errors);
        setErrors({});
        create.mutate(v.data);
      }}
    >
      <Field id="project-name" label="Project name" error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="Support agents" autoFocus />
      </Field>
      <Field id="project-slug" label="Slug" error={errors.slug} hint="Sent as X-Project-Id. It cannot be changed later.">
        <Input
          value={effectiveSlug}
          onChange={(e) => {
            setSlugTouched(true);
            setSlug(e.target.value);
          }}
          className="font-mono"
          spellCheck={false}
          placeholder="support"
        />
      </Field>
      {create.isError && Object.keys(apiFieldErrors(create.error)).length === 0 && <Alert variant="destructive">{errorMessage(create.error)}</Alert>}
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
