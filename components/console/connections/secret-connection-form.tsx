"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import type { ApiKeyProvider } from "@/lib/schemas/connection-catalog";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { Form } from "../form";
import { FormActions } from "../form-actions";
import { EnvironmentSelect } from "./environment-select";
import { useProjectApi } from "./use-project-api";
import { baseUrlPlaceholder, CONNECTION_STRING_PLACEHOLDERS, needsBaseUrl, type VendorOption } from "./vendors";

type Values = Record<string, string>;

/** The request body for the chosen vendor; empty optional fields are left out. */
function bodyFor(vendor: VendorOption, v: Values) {
  const pick = (...keys: string[]) => Object.fromEntries(keys.filter((k) => v[k]?.trim()).map((k) => [k, v[k].trim()]));
  const base = { name: v.name?.trim() ?? "", environment: v.environment || "production", type: vendor.type, provider: vendor.provider };
  if (vendor.type === "api_key") return { ...base, secret: v.secret ?? "", fields: pick("baseUrl", "headerName", "headerPrefix", "testPath") };
  if (vendor.type === "whatsapp") return { ...base, secret: v.secret ?? "", fields: pick("phoneNumberId", "businessAccountId") };
  if (vendor.provider === "sqlite") return { ...base, fields: pick("path") };
  return { ...base, secret: v.secret ?? "" };
}

/**
 * Create form for API-key, database and WhatsApp connections. Secret inputs are write-only:
 * the value goes to the API once and the form forgets it; afterwards only the hint shows.
 */
export function SecretConnectionForm({ vendor, project, onCreated, onBack }: { vendor: VendorOption; project: string; onCreated: (c: ConnectionDto) => void; onBack: () => void }) {
  const call = useProjectApi(project);
  const [values, setValues] = useState<Values>({ environment: "production" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: string) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const create = useMutation({
    mutationFn: () => call<ConnectionDto>("/v1/connections", { method: "POST", body: bodyFor(vendor, values) }),
    onSuccess: (c) => {
      setValues({ environment: "production" });
      onCreated(c);
    },
    onError: (err) => setErrors({ ...apiFieldErrors(err), form: errorMessage(err) }),
  });
  const err = (k: string) => errors[k] ?? errors[`fields.${k}`];
  const isApiKey = vendor.type === "api_key";
  const provider = vendor.provider as ApiKeyProvider;

  return (
    <Form onSubmit={() => (setErrors({}), create.mutate())}>
      <Field id="conn-name" label="Name" error={err("name")}>
        <Input value={values.name ?? ""} onChange={set("name")} placeholder={`${vendor.label} (production)`} autoComplete="off" />
      </Field>
      <EnvironmentSelect value={values.environment} onChange={(environment) => setValues((v) => ({ ...v, environment }))} />
      {isApiKey && (
        <Field
          id="conn-base-url"
          label={needsBaseUrl(provider) ? "Base URL" : "Base URL (optional)"}
          hint={needsBaseUrl(provider) ? undefined : "Leave empty to use the vendor's API."}
          error={err("baseUrl")}
        >
          <Input value={values.baseUrl ?? ""} onChange={set("baseUrl")} placeholder={baseUrlPlaceholder(provider)} className="font-mono" spellCheck={false} />
        </Field>
      )}
      {provider === "custom" && (
        <div className="grid gap-4 sm:grid-cols-3">
          <Field id="conn-header-name" label="Header" error={err("headerName")}>
            <Input value={values.headerName ?? ""} onChange={set("headerName")} placeholder="Authorization" className="font-mono" />
          </Field>
          <Field id="conn-header-prefix" label="Prefix (optional)" error={err("headerPrefix")}>
            <Input value={values.headerPrefix ?? ""} onChange={set("headerPrefix")} placeholder="Bearer " className="font-mono" />
          </Field>
          <Field id="conn-test-path" label="Test path (optional)" error={err("testPath")}>
            <Input value={values.testPath ?? ""} onChange={set("testPath")} placeholder="/me" className="font-mono" />
          </Field>
        </div>
      )}
      {vendor.type === "whatsapp" && (
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="conn-phone-id" label="Phone number ID" error={err("phoneNumberId")}>
            <Input value={values.phoneNumberId ?? ""} onChange={set("phoneNumberId")} inputMode="numeric" className="font-mono" />
          </Field>
          <Field id="conn-waba-id" label="Business account ID" error={err("businessAccountId")}>
            <Input value={values.businessAccountId ?? ""} onChange={set("businessAccountId")} inputMode="numeric" className="font-mono" />
          </Field>
        </div>
      )}
      {vendor.provider === "sqlite" ? (
        <Field id="conn-path" label="Database file" hint="An absolute path inside the server's SQLite directory; opened read-only." error={err("path")}>
          <Input value={values.path ?? ""} onChange={set("path")} placeholder="/srv/agentruntime/sqlite/app.db" className="font-mono" />
        </Field>
      ) : vendor.provider === "firestore" ? (
        <Field id="conn-secret" label="Service-account key (JSON)" hint="Stored encrypted. It will not be shown again." error={err("secret")}>
          <textarea
            value={values.secret ?? ""}
            onChange={set("secret")}
            rows={6}
            spellCheck={false}
            autoComplete="off"
            className="rounded-md border bg-background px-3 py-2 font-mono text-xs"
          />
        </Field>
      ) : (
        <Field
          id="conn-secret"
          label={vendor.type === "database" ? "Connection string" : vendor.type === "whatsapp" ? "Access token" : "API key"}
          hint="Stored encrypted. It will not be shown again; only its last characters are."
          error={err("secret")}
        >
          <Input
            type="password"
            value={values.secret ?? ""}
            onChange={set("secret")}
            autoComplete="new-password"
            spellCheck={false}
            className="font-mono"
            placeholder={vendor.type === "database" ? CONNECTION_STRING_PLACEHOLDERS[vendor.provider] : undefined}
          />
        </Field>
      )}
      {errors.form && <Alert variant="destructive">{errors.form}</Alert>}
      <FormActions layout="split" submitLabel="Save connection" pendingLabel="Saving…" pending={create.isPending} onCancel={onBack} cancelLabel="Back" cancelVariant="ghost" />
    </Form>
  );
}
