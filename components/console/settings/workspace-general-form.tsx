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
import { updateWorkspaceBody, type WorkspaceDto } from "@/lib/schemas/workspaces";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

export function WorkspaceGeneralForm() {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  const router = useRouter();
  const editable = can("workspace.update");
  const [name, setName] = useState(workspace.name);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: (body: { name: string }) => call<WorkspaceDto>("/v1/workspaces/current", { method: "PATCH", body }),
    onSuccess: (w) => {
      toast.success("Workspace renamed", w.name);
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
          const v = validate(updateWorkspaceBody, { name });
          if (!v.ok) return setErrors(v.errors);
          setErrors({});
          save.mutate({ name: name.trim() });
        }}
      >
        <CardHeader className="pb-4">
          <CardTitle className="text-base">Workspace</CardTitle>
          <CardDescription>The name shown to members. The slug is the tenant id clients send and cannot change.</CardDescription>
        </CardHeader>
        <CardContent className="grid max-w-md gap-4">
          <Field id="ws-name" label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} disabled={!editable} maxLength={100} />
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
            <Button type="submit" size="sm" disabled={save.isPending || name.trim() === workspace.name}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          </CardFooter>
        )}
      </form>
    </Card>
  );
}
