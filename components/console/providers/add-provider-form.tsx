"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { createProviderBody, type CreateProviderInput, type ProviderDto } from "@/lib/schemas/providers";
import { useWorkspaceApi } from "../console-context";
import { VENDOR_OPTIONS, type Vendor } from "./vendor-labels";

/** Adds a provider, then validates it. The key is write-only: cleared from the form once sent. */
export function AddProviderForm({ onAdded, onSettled }: { onAdded: (p: ProviderDto) => void; onSettled: () => void }) {
  const call = useWorkspaceApi();
  const [vendor, setVendor] = useState<Vendor>("openai");
  const [name, setName] = useState("");
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useMutation({
    mutationFn: async (body: CreateProviderInput) => {
      const created = await call<ProviderDto>("/v1/providers", { method: "POST", body });
      return call<ProviderDto>(`/v1/providers/${encodeURIComponent(created.id)}/validate`, { method: "POST" });
    },
    onSuccess: (p) => {
      setName("");
      setApiKey("");
      setBaseUrl("");
      onAdded(p);
    },
    onError: (err) => setErrors({ ...apiFieldErrors(err), form: errorMessage(err) }),
    // A provider added but not validated (the second call failed) still shows in the list.
    onSettled,
  });
  const option = VENDOR_OPTIONS.find((o) => o.value === vendor)!;
  return (
    <form
      noValidate
      aria-label="Add a provider"
      className="grid gap-4 rounded-lg border bg-card p-4 sm:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const v = validate(createProviderBody, { vendor, name: name || option.label, apiKey, ...(baseUrl ? { baseUrl } : {}) });
        if (!v.ok) return setErrors(v.errors);
        setErrors({});
        add.mutate(v.data);
      }}
    >
      <Field id="provider-vendor" label="Vendor" error={errors.vendor}>
        <OptionSelect value={vendor} options={VENDOR_OPTIONS} onValueChange={setVendor} id="provider-vendor" />
      </Field>
      <Field id="provider-name" label="Name" error={errors.name} hint="Unique in the workspace.">
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={option.label} maxLength={80} />
      </Field>
      <Field id="provider-key" label="API key" error={errors.apiKey} hint="Write-only: stored encrypted, never shown again.">
        <Input type="password" autoComplete="off" spellCheck={false} value={apiKey} onChange={(e) => setApiKey(e.target.value)} placeholder={option.placeholder} className="font-mono" />
      </Field>
      <Field
        id="provider-base-url"
        label={vendor === "openai_compatible" ? "Base URL" : "Base URL (optional)"}
        error={errors.baseUrl}
        hint={vendor === "openai_compatible" ? "Up to the version, e.g. https://api.together.xyz/v1" : "Leave empty for the vendor's API."}
      >
        <Input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://…/v1" className="font-mono" spellCheck={false} />
      </Field>
      {errors.form && !errors.apiKey && !errors.baseUrl && !errors.name && <p className="text-sm text-destructive sm:col-span-2">{errors.form}</p>}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={add.isPending}>
          {add.isPending ? "Adding and validating…" : "Add and validate"}
        </Button>
      </div>
    </form>
  );
}
