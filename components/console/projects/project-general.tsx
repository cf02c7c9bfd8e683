"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { updateProjectBody, type ProjectDto, type UpdateProjectInput } from "@/lib/schemas/projects";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

/** usd_micros → "2.5" (empty: no budget of its own). */
function budgetText(micros: number | null): string {
  return micros === null ? "" : String(micros / 1_000_000);
}

/** "2.50" → 2500000; "" → null; anything else → undefined (invalid). */
function budgetMicros(text: string): number | null | undefined {
  const t = text.trim().replace(/^\$/, "");
  if (!t) return null;
  if (!/^\d+(\.\d{1,6})?$/.test(t)) return undefined;
  const micros = Math.round(Number(t) * 1_000_000);
  return micros >= 1 ? micros : undefined;
}

export function ProjectGeneral({ project }: { project: ProjectDto }) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const [name, setName] = useState(project.name);
  const initialBudget = budgetText(project.defaultRunBudget);
  const [budget, setBudget] = useState(initialBudget);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canRename = can("project.update", project.role);
  const canDelete = can("project.delete", project.role) && !project.isDefault;
  const path = `/v1/projects/${encodeURIComponent(project.id)}`;

  const rename = useMutation({
    mutationFn: (body: UpdateProjectInput) => call<ProjectDto>(path, { method: "PATCH", body }),
    onSuccess: (p) => (toast.success("Project saved", p.name), router.refresh()),
    onError: (err) => (setErrors(apiFieldErrors(err)), toast.error("Could not save the project", errorMessage(err))),
  });
  const remove = useMutation({
    mutationFn: () => call(path, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Project deleted", project.name);
      router.push(`/w/${workspace.slug}/projects`);
      router.refresh();
    },
    onError: (err) => toast.error("Could not delete the project", errorMessage(err)),
  });

  return (
    <div className="grid gap-6">
      <Card>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const micros = budgetMicros(budget);
            if (micros === undefined) return setErrors({ defaultRunBudget: "Enter an amount in USD, e.g. 2.50, or leave empty for the platform default" });
            const body = { ...(name.trim() !== project.name ? { name } : {}), ...(budget !== initialBudget ? { defaultRunBudget: micros } : {}) };
            const v = validate(updateProjectBody, body);
            if (!v.ok) return setErrors(v.errors);
            setErrors({});
            rename.mutate(v.data);
          }}
        >
          <CardHeader className="pb-4">
            <CardTitle className="text-base">General</CardTitle>
            <CardDescription>The slug is what clients send as X-Project-Id; it cannot change.</CardDescription>
          </CardHeader>
          <CardContent className="grid max-w-md gap-4">
            <Field id="project-rename" label="Name" error={errors.name}>
              <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!canRename} maxLength={100} />
            </Field>
            <Field
              id="project-run-budget"
              label="Default run budget (USD)"
              hint="The most a run may spend when it names no budget of its own. Empty: the platform default."
              error={errors.defaultRunBudget}
            >
              <Input value={budget} onChange={(e) => setBudget(e.target.value)} disabled={!canRename} inputMode="decimal" placeholder="Platform default" />
            </Field>
            <Field id="project-slug-ro" label="Slug">
              <Input value={project.slug} readOnly disabled className="font-mono" />
            </Field>
          </CardContent>
          {canRename && (
            <CardFooter className="justify-end border-t pt-4">
              <Button type="submit" size="sm" disabled={rename.isPending || (name.trim() === project.name && budget === initialBudget)}>
                {rename.isPending ? "Saving…" : "Save"}
              </Button>
            </CardFooter>
          )}
        </form>
      </Card>

      {canDelete && (
        <Card className="border-destructive/40">
          <CardHeader className="pb-4">
            <CardTitle className="text-base">Delete project</CardTitle>
            <CardDescription>Deletes the project with its workflows, runs, connections and project-scoped tokens. This cannot be undone.</CardDescription>
          </CardHeader>
          <CardFooter className="justify-end border-t pt-4">
            <Button variant="destructive" size="sm" onClick={() => setConfirmDelete(true)}>
              Delete project
            </Button>
          </CardFooter>
        </Card>
      )}
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${project.name}?`}
        description="Everything in the project is deleted and tokens restricted to it stop working. This cannot be undone."
        confirmLabel="Delete project"
        onConfirm={() => remove.mutateAsync()}
      />
    </div>
  );
}
