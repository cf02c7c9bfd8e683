"use client";
import { useQuery } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { FieldErrors } from "@/lib/client/form";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { TOOL_METHODS, type ToolMethod } from "@/lib/schemas/tools";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import type { CapabilityRow, CredentialKind, Placement, ToolFormState } from "./tool-form-state";

type Props = { project: string; state: ToolFormState; onChange: (s: ToolFormState) => void; errors: FieldErrors };

const METHODS = TOOL_METHODS.map((m) => ({ value: m, label: m }));
const KINDS: { value: CredentialKind; label: string }[] = [
  { value: "none", label: "None" },
  { value: "api_key", label: "API key" },
  { value: "oauth2", label: "OAuth 2.0" },
  { value: "sigv4", label: "AWS SigV4" },
];
const PLACEMENTS: { value: Placement; label: string }[] = [
  { value: "bearer", label: "Authorization: Bearer" },
  { value: "header", label: "Header" },
  { value: "query", label: "Query parameter" },
];
/** The connection type each credential kind reads (SigV4: the AWS key pair as an API key secret). */
const CONNECTION_TYPE: Record<Exclude<CredentialKind, "none">, ConnectionDto["type"]> = { api_key: "api_key", oauth2: "oauth2", sigv4: "api_key" };
const NO_CONNECTION = "__none";

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="grid gap-3 border-t pt-4 first:border-t-0 first:pt-0">
      <legend className="mb-1 text-sm font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

function useConnections(project: string) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  return useQuery({
    queryKey: ["connections", workspace.slug, project, "for-tools"],
    queryFn: ({ signal }) => call<{ data: ConnectionDto[] }>("/v1/connections", { query: { limit: 200 }, signal }),
    staleTime: 30_000,
  });
}

function Capabilities({ rows, onChange, error }: { rows: CapabilityRow[]; onChange: (rows: CapabilityRow[]) => void; error?: string }) {
  const set = (i: number, patch: Partial<CapabilityRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="grid gap-2" role="group" aria-labelledby="tool-capabilities-label">
      <p id="tool-capabilities-label" className="text-sm font-medium">
        Capabilities
      </p>
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[8rem_1fr_auto] items-center gap-2" data-testid={`tool-capability-${i}`}>
          <OptionSelect label={`Method ${i + 1}`} value={r.method} options={METHODS} onValueChange={(method: ToolMethod) => set(i, { method })} />
          <Input aria-label={`Path ${i + 1}`} value={r.path} onChange={(e) => set(i, { path: e.target.value })} placeholder="/v1/charges/:id" className="font-mono" spellCheck={false} autoComplete="off" />
          <Button type="button" variant="ghost" size="icon" aria-label={`Remove capability ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <X className="size-4" aria-hidden />
          </Button>
        </div>
      ))}
      {error ? (
        <p className="text-xs text-destructive">{error}</p>
      ) : (
        <p className="text-xs text-muted-foreground">Method and path pattern (`:id` a segment, `*rest` the rest) the tool may be called with. None: any call (passthrough).</p>
      )}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rows, { method: "GET", path: "" }])}>
          <Plus className="size-3.5" aria-hidden /> Add capability
        </Button>
      </div>
    </div>
  );
}

/** Every setting of a tool, for the create and edit dialogs. */
export function ToolFields({ project, state, onChange, errors }: Props) {
  const set = (patch: Partial<ToolFormState>) => onChange({ ...state, ...patch });
  const connections = useConnections(project);
  const wanted = state.kind === "none" ? null : CONNECTION_TYPE[state.kind];
  const options = [
    { value: NO_CONNECTION, label: "Choose a connection" },
    ...(connections.data?.data ?? []).filter((c) => c.type === wanted).map((c) => ({ value: c.id, label: `${c.name} (${c.provider})` })),
  ];
  return (
    <div className="grid gap-5">
      <Section title="Tool">
        <div className="grid grid-cols-2 gap-3">
          <Field id="tool-name" label="Name" hint="Agents call it at TOOL_<NAME>_URL = <gateway>/t/<name>." error={errors.name}>
            <Input value={state.name} onChange={(e) => set({ name: e.target.value })} placeholder="crm" className="font-mono" autoFocus spellCheck={false} autoComplete="off" />
          </Field>
          <Field id="tool-description" label="Description (optional)" error={errors.description}>
            <Input value={state.description} onChange={(e) => set({ description: e.target.value })} maxLength={500} autoComplete="off" />
          </Field>
        </div>
        <Field id="tool-base-url" label="Base URL" hint="Where calls go: /t/<name>/<path> → <base URL>/<path>. Private addresses are refused unless the server allows them." error={errors.baseUrl}>
          <Input value={state.baseUrl} onChange={(e) => set({ baseUrl: e.target.value })} placeholder="https://api.example.com/v1" className="font-mono" spellCheck={false} autoComplete="off" />
        </Field>
        <Capabilities rows={state.capabilities} onChange={(capabilities) => set({ capabilities })} error={errors.capabilities} />
      </Section>

      <Section title="Credential">
        <div className="grid grid-cols-2 gap-3">
          <Field id="tool-credential-kind" label="Kind" error={errors.credential}>
            <OptionSelect id="tool-credential-kind" value={state.kind} options={KINDS} onValueChange={(kind) => set({ kind, connectionId: "" })} />
          </Field>
          {state.kind !== "none" && (
            <Field id="tool-connection" label="Connection" hint={`A ${wanted === "oauth2" ? "OAuth" : "API key"} connection of this project; the gateway injects its secret, agents never see it.`}>
              <OptionSelect id="tool-connection" value={state.connectionId || NO_CONNECTION} options={options} onValueChange={(v) => set({ connectionId: v === NO_CONNECTION ? "" : v })} />
            </Field>
          )}
        </div>
        {state.kind === "api_key" && (
          <div className="grid grid-cols-2 gap-3">
            <Field id="tool-placement" label="Placement">
              <OptionSelect id="tool-placement" value={state.placement} options={PLACEMENTS} onValueChange={(placement) => set({ placement })} />
            </Field>
            {state.placement !== "bearer" && (
              <Field id="tool-credential-name" label={state.placement === "header" ? "Header name" : "Parameter name"}>
                <Input value={state.credentialName} onChange={(e) => set({ credentialName: e.target.value })} placeholder={state.placement === "header" ? "X-Api-Key" : "api_key"} className="font-mono" spellCheck={false} autoComplete="off" />
              </Field>
            )}
          </div>
        )}
        {state.kind === "sigv4" && (
          <div className="grid grid-cols-2 gap-3">
            <Field id="tool-sigv4-service" label="AWS service">
              <Input value={state.service} onChange={(e) => set({ service: e.target.value })} placeholder="execute-api" className="font-mono" spellCheck={false} autoComplete="off" />
            </Field>
            <Field id="tool-sigv4-region" label="AWS region">
              <Input value={state.region} onChange={(e) => set({ region: e.target.value })} placeholder="us-east-1" className="font-mono" spellCheck={false} autoComplete="off" />
            </Field>
          </div>
        )}
      </Section>

      <Section title="Limits and recording">
        <Field id="tool-cpm" label="Calls per minute" hint="From all agents together; empty: the gateway's default." error={errors.callsPerMinute}>
          <Input value={state.callsPerMinute} onChange={(e) => set({ callsPerMinute: e.target.value })} inputMode="numeric" className="max-w-40" />
        </Field>
        <label htmlFor="tool-record-bodies" className="flex items-center justify-between gap-3 text-sm">
          Record request and response bodies in the run&apos;s steps (redacted, at most 4 KiB each)
          <Switch id="tool-record-bodies" checked={state.recordBodies} onCheckedChange={(recordBodies) => set({ recordBodies })} />
        </label>
      </Section>
    </div>
  );
}
