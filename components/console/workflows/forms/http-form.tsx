"use client";
import { useQuery } from "@tanstack/react-query";
import { Plus, X } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { httpMethod, type NodeOf } from "@/lib/schemas/workflow-graph";
import { useConsole } from "../../console-context";
import { useProjectApi } from "../../connections/use-project-api";
import { providerLabel } from "../../connections/vendors";
import { ExpressionField } from "./expression-field";
import { type FormProps } from "./kit";
import { LimitsFields } from "./simple-forms";

type Config = NodeOf<"http">["config"];
const METHODS = httpMethod.options.map((m) => ({ value: m, label: m }));

/** Header rows edited as a list, so a half-typed name does not lose its value. */
function HeadersEditor({ idPrefix, headers, onChange, readOnly, error }: { idPrefix: string; headers: Record<string, string>; onChange: (h: Record<string, string>) => void; readOnly: boolean; error?: string }) {
  const rows = Object.entries(headers);
  const set = (i: number, key: string, value: string) => onChange(Object.fromEntries(rows.map((r, j) => (j === i ? [key, value] : r))));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1.5 text-sm font-medium">Headers</legend>
      {rows.map(([k, v], i) => (
        <div key={i} className="grid gap-1.5 rounded-md border p-2">
          <div className="flex gap-2">
            <Input aria-label={`Header ${i + 1} name`} value={k} onChange={(e) => set(i, e.target.value, v)} readOnly={readOnly} className="font-mono text-xs" placeholder="X-Customer" />
            {!readOnly && (
              <Button type="button" variant="ghost" size="icon" aria-label={`Remove header ${k || i + 1}`} onClick={() => onChange(Object.fromEntries(rows.filter((_, j) => j !== i)))}>
                <X className="size-4" aria-hidden />
              </Button>
            )}
          </div>
          <ExpressionField mode="template" singleLine id={`${idPrefix}-header-${i}`} label={`Header ${i + 1} value`} value={v} onChange={(value) => set(i, k, value)} readOnly={readOnly} placeholder="{{ input.customer }}" />
        </div>
      ))}
      {error && <p className="text-xs text-destructive">{error}</p>}
      {!readOnly && (
        <Button type="button" variant="outline" size="sm" className="justify-self-start" disabled={"" in headers} onClick={() => onChange({ ...headers, "": "" })}>
          <Plus className="size-3.5" aria-hidden /> Add header
        </Button>
      )}
      <p className="text-xs text-muted-foreground">Values are templates. Credentials come from the connection; never put them here.</p>
    </fieldset>
  );
}

export function HttpForm({ idPrefix, config, onChange, errors, readOnly, project }: FormProps<Config> & { project: string }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const list = useQuery({
    queryKey: ["connections", workspace.slug, project],
    queryFn: ({ signal }) => call<{ data: ConnectionDto[] }>("/v1/connections", { query: { limit: 200 }, signal }),
    staleTime: 30_000,
  });
  const usable = (list.data?.data ?? []).filter((c) => c.type === "api_key" || c.type === "oauth2" || c.type === "whatsapp");
  const options = usable.map((c) => ({ value: c.id, label: `${c.name} · ${providerLabel(c.provider)}` }));
  if (config.connectionId && !options.some((o) => o.value === config.connectionId)) options.push({ value: config.connectionId, label: `${config.connectionId} (not found)` });
  const hasBody = config.method !== "GET";

  return (
    <div className="grid gap-4">
      {options.length > 0 ? (
        <Field id={`${idPrefix}-connection`} label="Connection" hint="Its base URL and credential are applied at call time." error={errors.connectionId}>
          <OptionSelect id={`${idPrefix}-connection`} value={config.connectionId} options={options} onValueChange={(connectionId) => onChange({ ...config, connectionId })} disabled={readOnly} />
        </Field>
      ) : (
        <div className="grid gap-1 text-sm">
          <span className="font-medium">Connection</span>
          <p className={errors.connectionId ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
            {list.isPending ? "Loading connections…" : "This project has no API-key, OAuth or WhatsApp connection yet. "}
            {!list.isPending && (
              <Link className="underline" href={`/w/${workspace.slug}/projects/${project}/connections`}>
                Add one
              </Link>
            )}
          </p>
        </div>
      )}
      <div className="grid grid-cols-[7rem_1fr] gap-3">
        <Field id={`${idPrefix}-method`} label="Method" error={errors.method}>
          <OptionSelect id={`${idPrefix}-method`} value={config.method} options={METHODS} onValueChange={(method) => onChange({ ...config, method })} disabled={readOnly} />
        </Field>
        <ExpressionField mode="template" singleLine id={`${idPrefix}-path`} label="Path" error={errors.path} value={config.path} onChange={(path) => onChange({ ...config, path })} readOnly={readOnly} placeholder="/orders/{{ input.orderId }}" />
      </div>
      <HeadersEditor idPrefix={idPrefix} headers={config.headers} onChange={(headers) => onChange({ ...config, headers })} readOnly={readOnly} error={errors.headers} />
      {hasBody && (
        <ExpressionField
          mode="expression"
          id={`${idPrefix}-body`}
          label="Body expression (optional)"
          hint="JSONata; its result is sent as the JSON body."
          error={errors.body}
          value={config.body ?? ""}
          onChange={(body) => onChange({ ...config, body: body.trim() ? body : undefined })}
          readOnly={readOnly}
          rows={4}
        />
      )}
      <LimitsFields idPrefix={idPrefix} config={config} onChange={(patch) => onChange({ ...config, ...patch })} errors={errors} readOnly={readOnly} />
    </div>
  );
}
