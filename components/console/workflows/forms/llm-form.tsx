"use client";
import { useQuery } from "@tanstack/react-query";
import { Field } from "@/components/ui/field";
import { OptionSelect } from "@/components/ui/select";
import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { useConsole, useWorkspaceApi } from "../../console-context";
import { ExpressionField } from "./expression-field";
import { JsonField, NumberField, TextField, type FormProps } from "./kit";
import { LimitsFields } from "./simple-forms";

type Config = NodeOf<"llm">["config"];

const ROLE = "role";
const PLATFORM = "platform";

/** The select value for where the model comes from: the project's role setting, a workspace provider, or the platform key. */
function sourceOf(config: Config): string {
  if (!config.model) return ROLE;
  return config.model.providerId === null ? PLATFORM : `provider:${config.model.providerId}`;
}

function useModelSources() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const providers = useQuery({ queryKey: ["providers", workspace.slug], queryFn: ({ signal }) => call<ProviderListDto>("/v1/providers", { signal }), staleTime: 60_000 });
  const models = useQuery({ queryKey: ["models", workspace.slug], queryFn: ({ signal }) => call<ModelCatalogDto>("/v1/models", { signal }), staleTime: 300_000 });
  return { providers: providers.data, catalog: models.data?.data ?? [] };
}

export function LlmForm({ idPrefix, config, onChange, errors, readOnly, onJsonError }: FormProps<Config>) {
  const { providers, catalog } = useModelSources();
  const source = sourceOf(config);
  const workspaceProviders = providers?.data ?? [];
  const platformVendors = new Set((providers?.platformDefaults ?? []).map((p) => p.vendor));

  const sourceOptions = [
    { value: ROLE, label: "Project default for a role" },
    ...workspaceProviders.map((p) => ({ value: `provider:${p.id}`, label: `${p.name} (${p.vendor})` })),
    ...(platformVendors.size ? [{ value: PLATFORM, label: "Platform key" }] : []),
  ];
  // A provider removed since the draft was saved still shows, so the select is never blank.
  if (!sourceOptions.some((o) => o.value === source)) sourceOptions.push({ value: source, label: config.model?.providerId ?? source });

  const provider = workspaceProviders.find((p) => `provider:${p.id}` === source);
  const modelIds = provider
    ? [...new Set([...catalog.filter((m) => m.vendor === provider.vendor).map((m) => m.id), ...provider.models])]
    : catalog.filter((m) => platformVendors.has(m.vendor)).map((m) => m.id);
  const currentModel = config.model?.model ?? "";

  const setSource = (v: string) => {
    if (v === ROLE) {
      const { model: _model, ...rest } = config;
      return onChange(rest);
    }
    const providerId = v === PLATFORM ? null : v.slice("provider:".length);
    onChange({ ...config, model: { providerId, model: currentModel || "" } });
  };

  return (
    <div className="grid gap-4">
      <Field id={`${idPrefix}-source`} label="Model" error={errors.model}>
        <OptionSelect id={`${idPrefix}-source`} value={source} options={sourceOptions} onValueChange={setSource} disabled={readOnly} />
      </Field>
      {source === ROLE ? (
        <TextField
          id={`${idPrefix}-role`}
          label="Role"
          hint="Uses the model set for this role in the project's model settings (falls back to default)."
          error={errors.role}
          value={config.role}
          onChange={(role) => onChange({ ...config, role })}
          readOnly={readOnly}
          mono
        />
      ) : modelIds.length > 0 ? (
        <Field id={`${idPrefix}-model`} label="Model name" error={errors.model}>
          <OptionSelect
            id={`${idPrefix}-model`}
            value={currentModel}
            options={[...(modelIds.includes(currentModel) || !currentModel ? [] : [currentModel]), ...modelIds].map((m) => ({ value: m, label: m }))}
            onValueChange={(model) => onChange({ ...config, model: { providerId: config.model?.providerId ?? null, model } })}
            disabled={readOnly}
          />
        </Field>
      ) : (
        <TextField
          id={`${idPrefix}-model`}
          label="Model name"
          error={errors.model}
          value={currentModel}
          onChange={(model) => onChange({ ...config, model: { providerId: config.model?.providerId ?? null, model } })}
          readOnly={readOnly}
          mono
        />
      )}
      <ExpressionField
        mode="template"
        id={`${idPrefix}-system`}
        label="System prompt (optional)"
        error={errors.system}
        value={config.system ?? ""}
        onChange={(system) => onChange({ ...config, system: system || undefined })}
        readOnly={readOnly}
        rows={3}
        mono={false}
      />
      <ExpressionField
        mode="template"
        id={`${idPrefix}-prompt`}
        label="Prompt"
        hint={<>A template: {"{{ input.question }}"}, {"{{ steps.fetch.output.body }}"}.</>}
        error={errors.prompt}
        value={config.prompt}
        onChange={(prompt) => onChange({ ...config, prompt })}
        readOnly={readOnly}
        rows={5}
        mono={false}
      />
      <div className="grid grid-cols-2 gap-3">
        <NumberField
          id={`${idPrefix}-temperature`}
          label="Temperature"
          hint="0 to 2"
          error={errors.temperature}
          value={config.temperature}
          onChange={(temperature) => onChange({ ...config, temperature })}
          readOnly={readOnly}
        />
        <NumberField
          id={`${idPrefix}-max-tokens`}
          label="Max tokens"
          error={errors.maxTokens}
          value={config.maxTokens}
          onChange={(maxTokens) => onChange({ ...config, maxTokens })}
          readOnly={readOnly}
          integer
        />
      </div>
      <JsonField
        id={`${idPrefix}-output-schema`}
        label="Output JSON Schema (optional)"
        hint="When set, the model must answer with JSON matching it; the step's output is the parsed object."
        error={errors.outputSchema}
        value={config.outputSchema}
        onChange={(outputSchema) => onChange({ ...config, outputSchema })}
        onJsonError={(m) => onJsonError("outputSchema", m)}
        readOnly={readOnly}
        optional
        rows={5}
      />
      <LimitsFields idPrefix={idPrefix} config={config} onChange={(patch) => onChange({ ...config, ...patch })} errors={errors} readOnly={readOnly} />
    </div>
  );
}
