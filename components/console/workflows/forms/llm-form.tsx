"use client";
import { useQuery } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import * as SelectPrimitive from "@radix-ui/react-select";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { choiceValue, modelGroups, modelWarning } from "@/lib/client/model-choices";
import type { ModelCatalogDto } from "@/lib/schemas/models";
import type { ProviderListDto } from "@/lib/schemas/providers";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { useConsole, useWorkspaceApi } from "../../console-context";
import { vendorLabel } from "../../providers/vendor-labels";
import { ExpressionField } from "./expression-field";
import { JsonField, NumberField, TextField, type FormProps } from "./kit";
import { LimitsFields } from "./simple-forms";

type Config = NodeOf<"llm">["config"];

const ROLE = "role";

function useModelSources() {
  const { workspace } = useConsole();
  const call = useWorkspaceApi();
  const providers = useQuery({ queryKey: ["providers", workspace.slug], queryFn: ({ signal }) => call<ProviderListDto>("/v1/providers", { signal }), staleTime: 60_000 });
  const models = useQuery({ queryKey: ["models", workspace.slug], queryFn: ({ signal }) => call<ModelCatalogDto>("/v1/models", { signal }), staleTime: 300_000 });
  return { providers: providers.data, catalog: models.data?.data ?? [] };
}

export function LlmForm({ idPrefix, config, onChange, errors, readOnly, onJsonError }: FormProps<Config>) {
  const { providers, catalog } = useModelSources();
  const groups = modelGroups(providers, catalog, vendorLabel);
  const current = config.model ? choiceValue(config.model.providerId, config.model.model) : ROLE;
  // A model saved earlier that no group lists (a removed provider, a model gone from the catalog) still shows.
  if (config.model && !groups.some((g) => g.choices.some((c) => c.value === current))) {
    groups.unshift({ label: "Current", choices: [{ value: current, model: config.model.model, providerId: config.model.providerId, label: config.model.model }] });
  }
  const warning = config.model ? modelWarning(config.model, providers, catalog, vendorLabel) : null;

  const setModel = (v: string) => {
    if (v === ROLE) {
      const { model: _model, ...rest } = config;
      return onChange(rest);
    }
    const choice = groups.flatMap((g) => g.choices).find((c) => c.value === v);
    if (choice) onChange({ ...config, model: { providerId: choice.providerId, model: choice.model } });
  };

  return (
    <div className="grid gap-4">
      <Field id={`${idPrefix}-model`} label="Model" error={errors.model} hint={config.model ? undefined : "The project's model setting for the role below."}>
        <Select value={current} onValueChange={setModel} disabled={readOnly}>
          <SelectTrigger id={`${idPrefix}-model`}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={ROLE}>Project model setting (by role)</SelectItem>
            {groups.map((g) => (
              <SelectPrimitive.Group key={g.label}>
                <SelectPrimitive.Label className="px-2 pt-2 text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{g.label}</SelectPrimitive.Label>
                {g.choices.map((c) => (
                  <SelectItem key={c.value} value={c.value}>
                    {c.label}
                  </SelectItem>
                ))}
              </SelectPrimitive.Group>
            ))}
          </SelectContent>
        </Select>
      </Field>
      {warning && (
        <Alert data-testid="model-warning" className="flex gap-2 py-2 text-xs">
          <AlertTriangle className="mt-px size-3.5 shrink-0" aria-hidden /> <span>{warning}</span>
        </Alert>
      )}
      {!config.model && (
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
