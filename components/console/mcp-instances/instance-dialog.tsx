"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "@/components/console/form-error";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { createMcpInstanceBody, CREDENTIAL_PLACEMENTS, MCP_ADAPTERS, type McpInstanceDto } from "@/lib/schemas/mcp-instances";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { providerLabel } from "../connections/vendors";
import { DialogForm, FormDialog } from "../dialog-form";
import { FormActions } from "../form-actions";
import { useFormMutation } from "../use-form-mutation";

const NO_CONNECTION = "none";
const PLACEMENT_LABELS: Record<(typeof CREDENTIAL_PLACEMENTS)[number], string> = {
  bearer: "Authorization: Bearer",
  header: "A header",
  query: "A query parameter",
  basic: "HTTP Basic",
};
const PLACEMENTS = CREDENTIAL_PLACEMENTS.map((p) => ({ value: p, label: PLACEMENT_LABELS[p] }));
type Adapter = (typeof MCP_ADAPTERS)[number];
// remote_mcp and openapi reach an HTTP service; the others are database adapters, named like their connection provider.
const ADAPTER_LABELS: Partial<Record<(typeof MCP_ADAPTERS)[number], string>> = { remote_mcp: "Remote MCP server", openapi: "HTTP API (OpenAPI document)" };
const ADAPTERS = MCP_ADAPTERS.map((a) => ({ value: a, label: ADAPTER_LABELS[a] ?? providerLabel(a) }));

/** "a, b\nc" → ["a", "b", "c"]. */
const toolList = (text: string) => text.split(/[\s,]+/).filter(Boolean);

type Props = { project: string; open: boolean; onOpenChange: (open: boolean) => void; onCreated: (i: McpInstanceDto) => void };

/**
 * Create an instance: a remote MCP server reached with a project connection's credential, or a
 * database adapter over a database connection of its provider (no URL, read-only by default).
 */
export function InstanceDialog({ project, open, onOpenChange, onCreated }: Props) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const [adapter, setAdapter] = useState<Adapter>("remote_mcp");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [connectionId, setConnectionId] = useState(NO_CONNECTION);
  const [placement, setPlacement] = useState<(typeof CREDENTIAL_PLACEMENTS)[number]>("bearer");
  const [credentialName, setCredentialName] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [allow, setAllow] = useState("");
  const [deny, setDeny] = useState("");
  const [documentText, setDocumentText] = useState("");
  const [documentError, setDocumentError] = useState<string | null>(null);
  const connections = useQuery({
    queryKey: ["connections", workspace.slug, project],
    queryFn: ({ signal }) => call<{ data: ConnectionDto[] }>("/v1/connections", { query: { limit: 200 }, signal }),
    enabled: open,
    staleTime: 30_000,
  });
  const openapi = adapter === "openapi";
  const database = adapter !== "remote_mcp" && !openapi;
  const all = connections.data?.data ?? [];
  const usable = database
    ? all.filter((c) => c.type === "database" && c.provider === adapter)
    : openapi
      ? all.filter((c) => c.type === "api_key" || c.type === "oauth2")
      : all.filter((c) => c.type === "api_key" || c.type === "oauth2" || c.type === "whatsapp");
  const connectionOptions = [
    ...(database || openapi ? [] : [{ value: NO_CONNECTION, label: "None (the server takes no credential)" }]),
    ...usable.map((c) => ({ value: c.id, label: `${c.name} · ${providerLabel(c.provider)}` })),
  ];
  const connectionHint = connections.isPending
    ? "Loading connections…"
    : database && usable.length === 0
      ? `No ${providerLabel(adapter)} connection in this project yet: add one under Connections.`
      : openapi
        ? "An API-key or OAuth connection whose base URL is the API's: calls go there with its credential."
      : "Holds the credential; read from the vault at each call.";
  const needsName = placement === "header" || placement === "query" || placement === "basic";

  const { errors, submit, reset: resetForm, mutation } = useFormMutation({
    schema: createMcpInstanceBody,
    mutationFn: (body) => call<McpInstanceDto>("/v1/mcp-instances", { method: "POST", body }),
    onSuccess: (i) => {
      onCreated(i);
      onOpenChange(false);
      reset();
    },
  });

  function chooseAdapter(a: Adapter) {
    setAdapter(a);
    setConnectionId(a === "remote_mcp" ? NO_CONNECTION : "");
    setReadOnly(a !== "remote_mcp" && a !== "openapi");
    setDocumentError(null);
  }

  function reset() {
    chooseAdapter("remote_mcp");
    setName("");
    setUrl("");
    setPlacement("bearer");
    setCredentialName("");
    setAllow("");
    setDeny("");
    setDocumentText("");
    resetForm();
  }

  return (
    <FormDialog open={open} onOpenChange={onOpenChange} onClosed={reset} className="max-w-2xl">
      <DialogForm
        title="Add MCP instance"
        description="A remote MCP server (Streamable HTTP), an HTTP API described by an OpenAPI document, or a database. Its tools are offered to workflows as <name>__<tool>; the connection's secret is applied at call time."
        onSubmit={() => {
          let document: Record<string, unknown> | undefined;
          if (openapi) {
            try {
              document = JSON.parse(documentText) as Record<string, unknown>;
              setDocumentError(null);
            } catch {
              setDocumentError("Paste the OpenAPI document as JSON");
              return;
            }
          }
          submit({
            name: name.trim(),
            adapter,
            ...(document ? { document } : {}),
            ...(!database && !openapi && url.trim() ? { url: url.trim() } : {}),
            connectionId: connectionId === NO_CONNECTION || connectionId === "" ? null : connectionId,
            credentialPlacement: placement,
            credentialName: needsName && credentialName.trim() ? credentialName.trim() : null,
            readOnly,
            allowTools: toolList(allow),
            denyTools: toolList(deny),
          });
        }}
      >
        <Field id="mcp-name" label="Name" hint="The tool prefix: lower-case letters, digits, - and single _." error={errors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="crm" autoFocus spellCheck={false} autoComplete="off" className="font-mono" />
        </Field>
        {ADAPTERS.length > 1 && (
          <Field id="mcp-adapter" label="Adapter" error={errors.adapter}>
            <OptionSelect id="mcp-adapter" value={adapter} options={ADAPTERS} onValueChange={chooseAdapter} />
          </Field>
        )}
        {openapi && (
          <Field id="mcp-document" label="OpenAPI document (JSON)" hint="OpenAPI 3; each operation becomes a tool. External $refs are not followed." error={documentError ?? errors.document}>
            <textarea
              value={documentText}
              onChange={(e) => setDocumentText(e.target.value)}
              rows={8}
              spellCheck={false}
              autoComplete="off"
              placeholder='{ "openapi": "3.1.0", "paths": { … } }'
              className="rounded-md border bg-background px-3 py-2 font-mono text-xs"
            />
          </Field>
        )}
        {!database && !openapi && (
          <Field id="mcp-url" label="Server URL" hint="The Streamable HTTP endpoint, on the connection's host (its base URL)." error={errors.url}>
            <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://mcp.example.com/mcp" spellCheck={false} autoComplete="off" className="font-mono" />
          </Field>
        )}
        <Field id="mcp-connection" label="Connection" hint={connectionHint} error={errors.connectionId}>
          <OptionSelect id="mcp-connection" value={connectionId} options={connectionOptions} onValueChange={setConnectionId} />
        </Field>
        {!database && !openapi && connectionId !== NO_CONNECTION && (
          <div className="grid grid-cols-2 gap-3">
            <Field id="mcp-placement" label="Credential placement" error={errors.credentialPlacement}>
              <OptionSelect id="mcp-placement" value={placement} options={PLACEMENTS} onValueChange={setPlacement} />
            </Field>
            {needsName && (
              <Field
                id="mcp-credential-name"
                label={placement === "basic" ? "User name (optional)" : placement === "header" ? "Header name" : "Parameter name"}
                hint={placement === "basic" ? "Absent: the secret is user:password." : undefined}
                error={errors.credentialName}
              >
                <Input value={credentialName} onChange={(e) => setCredentialName(e.target.value)} placeholder={placement === "header" ? "X-Api-Key" : placement === "query" ? "api_key" : ""} spellCheck={false} className="font-mono" />
              </Field>
            )}
          </div>
        )}
        <div className="flex items-center justify-between gap-3">
          <label htmlFor="mcp-read-only" className="text-sm">
            {database ? "Read-only: the database refuses writes (read-only SQL, no Redis write commands)" : "Read-only: only tools the server marks read-only may be called"}
          </label>
          <Switch id="mcp-read-only" checked={readOnly} onCheckedChange={setReadOnly} />
        </div>
        <div className="grid grid-cols-2 gap-3">
          <Field id="mcp-allow" label="Allow only (optional)" hint="Tool names, comma separated; empty: all." error={errors.allowTools}>
            <Input value={allow} onChange={(e) => setAllow(e.target.value)} spellCheck={false} className="font-mono" />
          </Field>
          <Field id="mcp-deny" label="Deny" hint="Tool names never callable." error={errors.denyTools}>
            <Input value={deny} onChange={(e) => setDeny(e.target.value)} spellCheck={false} className="font-mono" />
          </Field>
        </div>
        <FormError error={mutation.error} />
        <FormActions submitLabel="Add instance" pendingLabel="Adding…" pending={mutation.isPending} onCancel={() => onOpenChange(false)} />
      </DialogForm>
    </FormDialog>
  );
}
