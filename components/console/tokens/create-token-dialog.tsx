"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import type { Scope } from "@/lib/authz/permissions";
import { createTokenBody } from "@/lib/schemas/tokens";
import { useConsole, useWorkspaceApi } from "../console-context";
import { DialogForm, FormDialog, ShowOnceStep } from "../dialog-form";
import { FormActions } from "../form-actions";
import { FormError } from "../form-error";
import { useFormMutation } from "../use-form-mutation";
import { NewTokenValue } from "./new-token-value";
import { DEFAULT_SCOPES, EXPIRY_OPTIONS, SCOPE_GROUPS, SCOPE_INFO } from "./scopes";
import type { CreatedToken } from "./types";

const ALL_PROJECTS = "__all";

export function CreateTokenDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const { workspace, projects } = useConsole();
  const call = useWorkspaceApi();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Scope[]>(DEFAULT_SCOPES);
  const [project, setProject] = useState(ALL_PROJECTS);
  const [expiry, setExpiry] = useState<string>("90");
  const [created, setCreated] = useState<CreatedToken | null>(null);

  const { errors, submit, reset: resetForm, mutation: create } = useFormMutation({
    schema: createTokenBody,
    mutationFn: (body) => call<CreatedToken>("/v1/tokens", { method: "POST", body }),
    onSuccess: (token) => {
      setCreated(token);
      toast.success("Token created", token.name);
      void qc.invalidateQueries({ queryKey: ["tokens", workspace.slug] });
    },
  });

  function reset() {
    setName("");
    setScopes(DEFAULT_SCOPES);
    setProject(ALL_PROJECTS);
    setExpiry("90");
    setCreated(null);
    resetForm();
  }

  function toggle(scope: Scope, on: boolean) {
    setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
  }

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={reset} className="max-w-xl">
      {created ? (
        <ShowOnceStep title="Your new token" description="Use it as a Bearer token with the X-Tenant-Id header." onDone={() => (onOpenChange(false), reset())}>
          <NewTokenValue created={created} />
        </ShowOnceStep>
      ) : (
        <DialogForm
          title="Create token"
          description={`A personal access token for ${workspace.name}. It can do what its scopes allow, and never more than your own role.`}
          onSubmit={() =>
            submit({
              name,
              scopes,
              ...(project !== ALL_PROJECTS ? { projectId: project } : {}),
              ...(expiry !== "never" ? { expiresInDays: Number(expiry) } : {}),
            })
          }
        >
          <Field id="token-name" label="Name" error={errors.name && !name.trim() ? "Enter a name" : errors.name} hint="What will use it, e.g. “CI deploys”.">
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="CI deploys" autoFocus maxLength={100} />
          </Field>
          <fieldset className="grid gap-2" aria-describedby={errors.scopes ? "token-scopes-error" : undefined}>
            <legend className="mb-1.5 text-sm font-medium">Scopes</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              {SCOPE_GROUPS.map(({ group, scopes: list }) => (
                <div key={group} className="grid content-start gap-1.5 rounded-md border p-3">
                  <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{group}</p>
                  {list.map((s) => (
                    <label key={s} className="flex cursor-pointer items-start gap-2 py-0.5">
                      <Checkbox className="mt-0.5" name="scopes" value={s} checked={scopes.includes(s)} onChange={(e) => toggle(s, e.target.checked)} />
                      <span className="grid">
                        <span className="font-mono text-xs">{SCOPE_INFO[s].label}</span>
                        <span className="text-xs text-muted-foreground">{SCOPE_INFO[s].description}</span>
                      </span>
                    </label>
                  ))}
                </div>
              ))}
            </div>
            {errors.scopes && (
              <p id="token-scopes-error" className="text-xs text-destructive">
                {scopes.length === 0 ? "Choose at least one scope" : errors.scopes}
              </p>
            )}
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="token-project" label="Project" error={errors.projectId} hint="Restrict the token to one project.">
              <OptionSelect
                id="token-project"
                value={project}
                onValueChange={setProject}
                options={[{ value: ALL_PROJECTS, label: "All projects" }, ...projects.map((p) => ({ value: p.id, label: p.name }))]}
              />
            </Field>
            <Field id="token-expiry" label="Expiration" error={errors.expiresInDays ?? errors.expiresAt}>
              <OptionSelect value={expiry} options={EXPIRY_OPTIONS} onValueChange={setExpiry} id="token-expiry" />
            </Field>
          </div>
          <FormError error={create.error} />
          <FormActions submitLabel="Create token" pendingLabel="Creating…" pending={create.isPending} onCancel={() => onOpenChange(false)} />
        </DialogForm>
      )}
    </FormDialog>
  );
}
