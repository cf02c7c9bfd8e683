"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { MAX_CONCURRENT_RUNS, updateWorkspaceBody, type UpdateWorkspaceInput, type WorkspaceDto } from "@/lib/schemas/workspaces";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

export function WorkspaceGeneralForm() {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const editable = can("workspace.update");
  const [name, setName] = useState(workspace.name);
  const [concurrency, setConcurrency] = useState(String(workspace.maxConcurrentRuns));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (body: UpdateWorkspaceInput) => call<WorkspaceDto>("/v1/workspaces/current", { method: "PATCH", body }),
    onSuccess: (w) => {
      toast.success("Workspace saved", w.name);
      router.refresh();
    },
    onError: (err) => {
      setErrors(apiFieldErrors(err));
      toast.error("Could not save", errorMessage(err));
    },
  });

  return (
    <Card>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const changed = {
            ...(name.trim() !== workspace.name ? { name } : {}),
            ...(concurrency.trim() !== String(workspace.maxConcurrentRuns) ? { maxConcurrentRuns: /^\d+$/.test(concurrency.trim()) ? Number(concurrency.trim()) : NaN } : {}),
          };
          const v = validate(updateWorkspaceBody, changed);
          if (!v.ok) return setErrors(v.errors);
          setErrors({});
          save.mutate(v.data);
        }}
      >
        <CardHeader className="pb-4">
          <CardTitle className="text-base">Workspace</CardTitle>
          <CardDescription>The name shown to members and how many runs execute at once. The slug is the tenant id clients send and cannot change.</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <Field id="ws-name" label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} maxLength={100} />
          </Field>
          <Field id="ws-concurrency" label="Concurrent runs" hint={`Runs of this workspace executing at once (1–${MAX_CONCURRENT_RUNS}); more wait queued.`} error={errors.maxConcurrentRuns}>
            <Input value={concurrency} onChange={(e) => setConcurrency(e.target.value)} disabled={!editable} inputMode="numeric" />
          </Field>
          <Field id="ws-slug" label="Slug" hint="Sent as the X-Tenant-Id header.">
            <Input value={workspace.slug} readOnly disabled className="font-mono" />
          </Field>
          <Field id="ws-id" label="Workspace id">
            <Input value={workspace.id} readOnly disabled className="font-mono" />
          </Field>
        </CardContent>
        {editable && (
          <CardFooter className="justify-end border-t pt-4">
            <Button type="submit" size="sm" disabled={save.isPending || (name.trim() === workspace.name && concurrency.trim() === String(workspace.maxConcurrentRuns))}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
