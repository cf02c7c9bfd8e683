"use client";
import { useQuery } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import { api } from "@/lib/client/api";
import type { FieldErrors } from "@/lib/client/form";
import { AGENT_JWT_ALGORITHMS } from "@/lib/schemas/agents";
import type { ProviderListDto } from "@/lib/schemas/providers";
import { useConsole } from "../console-context";
import { slugify } from "../slugify";
import { TextArea } from "../workflows/forms/kit";
import { emptyModel, PLATFORM_KEY, type AgentFormState, type ModelRow } from "./agent-form-state";

type Props = {
  state: AgentFormState;
  onChange: (s: AgentFormState) => void;
  errors: FieldErrors;
  /** Create: the slug follows the name until edited. */
  slugTouched?: boolean;
  onSlugTouched?: () => void;
};

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="grid gap-3 border-t pt-4 first:border-t-0 first:pt-0">
      <legend className="mb-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

function useProviders() {
  const { workspace } = useConsole();
  return useQuery({ queryKey: ["providers", workspace.slug], queryFn: ({ signal }) => api<ProviderListDto>("/v1/providers", { tenant: workspace.slug, signal }), staleTime: 60_000 });
}

function ModelRows({ rows, onChange, error }: { rows: ModelRow[]; onChange: (rows: ModelRow[]) => void; error?: string }) {
  const providers = useProviders();
  const options = [{ value: PLATFORM_KEY, label: "Platform key" }, ...(providers.data?.data ?? []).map((p) => ({ value: p.id, label: p.name }))];
  const set = (i: number, patch: Partial<ModelRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="grid gap-2" role="group" aria-labelledby="agent-models-label">
      <p id="agent-models-label" className="text-sm font-medium">
        Models per role
      </p>
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[7rem_1fr_9rem_4.5rem_5.5rem_auto] items-center gap-2" data-testid={`agent-model-${i}`}>
          <Input aria-label={`Role ${i + 1}`} value={r.role} onChange={(e) => set(i, { role: e.target.value })} placeholder="default" className="font-mono" spellCheck={false} />
          <Input aria-label={`Model ${i + 1}`} value={r.model} onChange={(e) => set(i, { model: e.target.value })} placeholder="gpt-4o-mini" className="font-mono" spellCheck={false} />
          <OptionSelect label={`Provider ${i + 1}`} value={options.some((o) => o.value === r.providerId) ? r.providerId : PLATFORM_KEY} options={options} onValueChange={(providerId) => set(i, { providerId })} />
          <Input aria-label={`Temperature ${i + 1}`} value={r.temperature} onChange={(e) => set(i, { temperature: e.target.value })} placeholder="temp" inputMode="decimal" />
          <Input aria-label={`Max tokens ${i + 1}`} value={r.maxTokens} onChange={(e) => set(i, { maxTokens: e.target.value })} placeholder="max tok." inputMode="numeric" />
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove role ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      {error ? <p className="text-xs text-destructive">{error}</p> : <p className="text-xs text-muted-foreground">Roles not listed use the project&apos;s model settings. Without a provider, the model must be in the catalog.</p>}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, emptyModel()])}>
          <Plus className="size-3.5" aria-hidden /> Add role
        </Button>
      </div>
    </div>
  );
}

/** Every setting of an agent, for the create and edit dialogs. */
export function AgentFields({ state, onChange, errors, slugTouched = true, onSlugTouched }: Props) {
  const set = (patch: Partial<AgentFormState>) => onChange({ ...state, ...patch });
  const toggleAlgorithm = (alg: (typeof AGENT_JWT_ALGORITHMS)[number], on: boolean) =>
    set({ algorithms: on ? AGENT_JWT_ALGORITHMS.filter((a) => a === alg || state.algorithms.includes(a)) : state.algorithms.filter((a) => a !== alg) });
  return (
    <div className="grid gap-5">
      <Section title="Agent">
        <div className="grid grid-cols-2 gap-3">
          <Field id="agent-name" label="Name" error={errors.name}>
            <Input value={state.name} onChange={(e) => set({ name: e.target.value, ...(slugTouched ? {} : { slug: slugify(e.target.value, 63) }) })} placeholder="Support bot" autoFocus autoComplete="off" />
          </Field>
          <Field id="agent-slug" label="Slug" hint="Unique in the project: names the agent in the API and the CLI." error={errors.slug}>
            <Input value={state.slug} onChange={(e) => (onSlugTouched?.(), set({ slug: e.target.value }))} placeholder="support-bot" className="font-mono" spellCheck={false} autoComplete="off" />
          </Field>
        </div>
        <Field id="agent-endpoint" label="Endpoint URL" hint="Where your agent runs; ingress forwards requests there. Private addresses are refused unless the server allows them." error={errors.endpointUrl}>
          <Input value={state.endpointUrl} onChange={(e) => set({ endpointUrl: e.target.value })} placeholder="https://agent.example.com" className="font-mono" spellCheck={false} autoComplete="off" />
        </Field>
        <Field id="agent-description" label="Description (optional)" error={errors.description}>
          <Input value={state.description} onChange={(e) => set({ description: e.target.value })} maxLength={500} autoComplete="off" />
        </Field>
      </Section>

      <Section title="Prompt and models">
        <Field id="agent-system-prompt" label="System prompt" hint="Injected as SYSTEM_PROMPT (at most 32 KiB)." error={errors.systemPrompt}>
          <TextArea value={state.systemPrompt} onChange={(e) => set({ systemPrompt: e.target.value })} rows={4} />
        </Field>
        <ModelRows rows={state.models} onChange={(models) => set({ models })} error={errors.models} />
      </Section>

      <Section title="Tools">
        <Field id="agent-tools" label="Required tools" hint="Names, comma separated; each becomes TOOL_<NAME>_URL on the gateway's tool proxy." error={errors.requiredTools}>
          <Input value={state.tools} onChange={(e) => set({ tools: e.target.value })} placeholder="crm, web-search" className="font-mono" spellCheck={false} autoComplete="off" />
        </Field>
      </Section>

      <Section title="End users">
        <label htmlFor="agent-idp" className="flex items-center justify-between gap-3 text-sm">
          Verify end-user JWTs (without an identity provider, ingress refuses every request)
          <Switch id="agent-idp" checked={state.idpEnabled} onCheckedChange={(idpEnabled) => set({ idpEnabled })} />
        </label>
        {state.idpEnabled && (
          <>
            <Field id="agent-jwks" label="JWKS URL" error={errors.identityProvider}>
              <Input value={state.jwksUrl} onChange={(e) => set({ jwksUrl: e.target.value })} placeholder="https://id.example.com/.well-known/jwks.json" className="font-mono" spellCheck={false} autoComplete="off" />
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field id="agent-issuer" label="Issuer">
                <Input value={state.issuer} onChange={(e) => set({ issuer: e.target.value })} placeholder="https://id.example.com/" className="font-mono" spellCheck={false} autoComplete="off" />
              </Field>
              <Field id="agent-audiences" label="Audiences" hint="Comma separated; one must match.">
                <Input value={state.audiences} onChange={(e) => set({ audiences: e.target.value })} placeholder="support-bot" className="font-mono" spellCheck={false} autoComplete="off" />
              </Field>
            </div>
            <Field id="agent-user-claim" label="User claim" hint="Sent to the agent as X-End-User-ID: sub, email, …">
              <Input value={state.userClaim} onChange={(e) => set({ userClaim: e.target.value })} className="font-mono" spellCheck={false} autoComplete="off" />
            </Field>
            <div role="group" aria-label="Allowed algorithms" className="grid gap-1.5">
              <p className="text-sm font-medium">Allowed algorithms</p>
              <div className="flex flex-wrap gap-x-4 gap-y-1">
                {AGENT_JWT_ALGORITHMS.map((alg) => (
                  <label key={alg} className="flex items-center gap-1.5 font-mono text-xs">
                    <Checkbox checked={state.algorithms.includes(alg)} onChange={(e) => toggleAlgorithm(alg, e.target.checked)} />
                    {alg}
                  </label>
                ))}
              </div>
              <p className="text-xs text-muted-foreground">Asymmetric only: HS256 and none are refused.</p>
            </div>
          </>
        )}
        <Field id="agent-origins" label="Allowed origins" hint="Browser origins that may call ingress, one per line (scheme://host[:port])." error={errors.allowedOrigins}>
          <TextArea value={state.origins} onChange={(e) => set({ origins: e.target.value })} rows={2} placeholder="https://app.example.com" className="font-mono text-xs" />
        </Field>
      </Section>

      <Section title="Budget and limits">
        <div className="grid grid-cols-3 gap-3">
          <Field id="agent-budget" label="Run budget (USD)" hint="Per request; empty: the project's." error={errors.runBudget}>
            <Input value={state.budgetUsd} onChange={(e) => set({ budgetUsd: e.target.value })} inputMode="decimal" placeholder="0.50" />
          </Field>
          <Field id="agent-tpm" label="Tokens per minute" hint="Whole agent; empty: unlimited." error={errors.tokensPerMinute}>
            <Input value={state.tokensPerMinute} onChange={(e) => set({ tokensPerMinute: e.target.value })} inputMode="numeric" />
          </Field>
          <Field id="agent-user-tpm" label="Per end user" hint="Tokens per minute." error={errors.endUserTokensPerMinute}>
            <Input value={state.endUserTokensPerMinute} onChange={(e) => set({ endUserTokensPerMinute: e.target.value })} inputMode="numeric" />
          </Field>
        </div>
      </Section>
    </div>
  );
}
