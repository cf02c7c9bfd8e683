"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { apiFieldErrors, errorMessage } from "@/lib/client/api";
import { validate, type FieldErrors } from "@/lib/client/form";
import { modelRole, putModelSettingBody, type ModelSettingDto } from "@/lib/schemas/model-settings";
import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";
import { useWorkspaceApi } from "../console-context";
import { vendorLabel, type Vendor } from "./vendor-labels";

type Source = { value: string; label: string; providerId?: string; vendor?: Vendor; models: string[] };

function sources(providers: ProviderListDto, catalog: ModelCatalogDto): Source[] {
  const catalogOf = (v: Vendor) => catalog.data.filter((m) => m.vendor === v).map((m) => m.id);
  return [
    ...providers.data.map((p) => ({ value: `provider:${p.id}`, label: `${p.name} (${vendorLabel(p.vendor)})`, providerId: p.id, models: p.models.length ? p.models : catalogOf(p.vendor) })),
    ...providers.platformDefaults.map((d) => ({ value: `platform:${d.vendor}`, label: `Platform ${vendorLabel(d.vendor)}`, vendor: d.vendor, models: catalogOf(d.vendor) })),
  ];
}

/** Sets the model of one role; editing an existing role prefills it. */
export function ModelSettingForm({ project, providers, catalog, editing, onSaved }: { project: string; providers: ProviderListDto; catalog: ModelCatalogDto; editing: ModelSettingDto | null; onSaved: () => void }) {
  const call = useWorkspaceApi();
  const options = sources(providers, catalog);
  const initialSource = editing ? (editing.providerId ? `provider:${editing.providerId}` : `platform:${editing.provider.vendor}`) : (options[0]?.value ?? "");
  const [role, setRole] = useState(editing?.role ?? "default");
  const [source, setSource] = useState(initialSource);
  const [model, setModel] = useState(editing?.model ?? options.find((o) => o.value === initialSource)?.models[0] ?? "");
  const [temperature, setTemperature] = useState(editing?.temperature?.toString() ?? "");
  const [maxTokens, setMaxTokens] = useState(editing?.maxTokens?.toString() ?? "");
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: ({ role, body }: { role: string; body: unknown }) => call<ModelSettingDto>(`/v1/model-settings/${encodeURIComponent(role)}`, { method: "PUT", project, body }),
    onSuccess: () => (setErrors({}), onSaved()),
    onError: (err) => setErrors({ ...apiFieldErrors(err), form: errorMessage(err) }),
  });
  const chosen = options.find((o) => o.value === source);
  const names = new Map(catalog.data.map((m) => [m.id, m.name]));
  const listed = chosen?.models ?? [];
  // A saved model the list no longer has stays selectable, so the select never shows blank.
  const modelOptions = [...(model && !listed.includes(model) && listed.length ? [model] : []), ...listed].map((m) => ({ value: m, label: names.get(m) && names.get(m) !== m ? `${names.get(m)} (${m})` : m }));
  if (options.length === 0) return <p className="text-sm text-muted-foreground">Add an LLM provider to the workspace first.</p>;
  return (
    <form
      noValidate
      aria-label="Set a model"
      className="grid gap-4 rounded-lg border bg-card p-4 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        const r = modelRole.safeParse(role);
        const v = validate(putModelSettingBody, {
          ...(chosen?.providerId ? { providerId: chosen.providerId } : { vendor: chosen?.vendor }),
          model,
          temperature: temperature === "" ? null : Number(temperature),
          maxTokens: maxTokens === "" ? null : Number(maxTokens),
        });
        if (!r.success || !v.ok) return setErrors({ ...(v.ok ? {} : v.errors), ...(r.success ? {} : { role: r.error.issues[0]?.message }) });
        save.mutate({ role, body: v.data });
      }}
    >
      <Field id="setting-role" label="Role" error={errors.role} hint="default, fast, reasoning…">
        <Input value={role} onChange={(e) => setRole(e.target.value)} className="font-mono" disabled={!!editing} />
      </Field>
      <Field id="setting-source" label="Provider" error={errors.providerId ?? errors.vendor}>
        <OptionSelect
          value={source}
          options={options}
          onValueChange={(v) => {
            setSource(v);
            const next = options.find((o) => o.value === v)?.models ?? [];
            if (!next.includes(model)) setModel(next[0] ?? "");
          }}
          id="setting-source"
        />
      </Field>
      {/* From the provider's validated list or the catalog; free text only where neither lists a model (an OpenAI-compatible server not validated yet). */}
      {modelOptions.length > 0 ? (
        <Field id="setting-model" label="Model" error={errors.model}>
          <OptionSelect id="setting-model" value={model} options={modelOptions} onValueChange={setModel} />
        </Field>
      ) : (
        <Field id="setting-model" label="Model" error={errors.model} hint="This provider lists no models yet: validate it, or type the model's id.">
          <Input value={model} onChange={(e) => setModel(e.target.value)} className="font-mono" spellCheck={false} />
        </Field>
      )}
      <Field id="setting-temperature" label="Temperature (optional)" error={errors.temperature}>
        <Input type="number" step="0.1" min={0} max={2} value={temperature} onChange={(e) => setTemperature(e.target.value)} />
      </Field>
      <Field id="setting-max-tokens" label="Max tokens (optional)" error={errors.maxTokens}>
        <Input type="number" min={1} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} />
      </Field>
      <div className="flex items-end">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
      {errors.form && <p className="text-sm text-destructive sm:col-span-3">{errors.form}</p>}
    </form>
  );
}
