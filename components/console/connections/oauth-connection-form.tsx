"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { useConsole } from "../console-context";
import { Form } from "../form";
import { FormActions } from "../form-actions";
import { EnvironmentSelect } from "./environment-select";
import { startOAuth, type OAuthAvailability } from "./oauth";
import type { VendorOption } from "./vendors";

export function OAuthConnectionForm({ vendor, project, availability, onBack }: { vendor: VendorOption; project: string; availability: OAuthAvailability; onBack: () => void }) {
  const { workspace } = useConsole();
  const provider = vendor.provider as "google" | "linkedin";
  const info = availability[provider];
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState("production");
  const [scopes, setScopes] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const start = useMutation({
    mutationFn: () => startOAuth(provider, { tenant: workspace.slug, project }, { name: name.trim(), environment, scopes }),
    onError: (err) => setErrors({ ...apiFieldErrors(err), form: errorMessage(err) }),
  });
  if (!info.configured) {
    return (
      <div className="grid gap-4">
        <Alert>{vendor.label} is not configured on this server: an operator must set its OAuth client ID and secret.</Alert>
        <div>
          <Button type="button" variant="ghost" onClick={onBack}>
            Back
          </Button>
        </div>
      </div>
    );
  }
  return (
    <Form onSubmit={() => (setErrors({}), start.mutate())}>
      <Field id="oauth-name" label="Name" error={errors.name}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={`${vendor.label} (production)`} autoComplete="off" />
      </Field>
      <EnvironmentSelect value={environment} onChange={setEnvironment} />
      <fieldset className="grid gap-2">
        <legend className="mb-1 text-sm font-medium">Permissions to request</legend>
        {info.scopes.map((s) => (
          <label key={s.key} className="flex items-center gap-2 text-sm">
            <Checkbox checked={scopes.includes(s.key)} onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s.key] : cur.filter((k) => k !== s.key)))} />
            {s.label}
          </label>
        ))}
        {errors.scopes && <p className="text-xs text-destructive">{errors.scopes}</p>}
      </fieldset>
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <FormActions layout="split" submitLabel={`Continue to ${vendor.label}`} pendingLabel="Redirecting…" pending={start.isPending} onCancel={onBack} cancelLabel="Back" cancelVariant="ghost" />
    </Form>
  );
}
