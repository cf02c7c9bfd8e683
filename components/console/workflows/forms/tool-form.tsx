"use client";
import Link from "next/link";
import { Field } from "@/components/ui/field";
import { OptionSelect } from "@/components/ui/select";
import { Switch } from "@/components/ui/switch";
import type { McpToolDto } from "@/lib/schemas/mcp-instances";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { useConsole } from "../../console-context";
import { POLICY_LABELS, useMcpInstances, useMcpTools } from "../../mcp-instances/queries";
import { ExpressionField } from "./expression-field";
import { type FormProps } from "./kit";
import { APPROVER_ROLES, LimitsFields } from "./simple-forms";

type Config = NodeOf<"tool">["config"];

// The schema hash is pinned by publishing for the tool chosen here; picking another instance
// or tool drops it, so a stale pin never travels with a different tool.
function withoutPin(config: Config): Config {
  const next = { ...config };
  delete next.schemaHash;
  return next;
}

function ToolDetails({ tool }: { tool: McpToolDto }) {
  return (
    <div className="grid gap-1 rounded-md border bg-muted/40 p-2 text-xs" data-testid="tool-details">
      <p>
        <span className="font-medium">Policy:</span> {POLICY_LABELS[tool.policy]}
        {!tool.callable && <span className="text-destructive"> · excluded by the instance&apos;s settings</span>}
        {tool.removed && <span className="text-destructive"> · no longer listed upstream</span>}
      </p>
      {tool.description && <p className="text-muted-foreground">{tool.description}</p>}
    </div>
  );
}

const ARGUMENTS_HINT = (
  <>
    JSONata over <code className="font-mono">input</code> and <code className="font-mono">steps.&lt;id&gt;.output</code>; its result is the arguments object.
  </>
);

/** The selected tool's input schema under the arguments field: what the expression must produce. */
function InputSchema({ tool }: { tool: McpToolDto }) {
  return (
    <div className="-mt-2 grid gap-1 text-xs" data-testid="tool-input-schema">
      <span className="text-muted-foreground">Input schema of {tool.name}</span>
      <pre className="max-h-48 overflow-auto rounded bg-muted p-2 font-mono text-[11px] break-all whitespace-pre-wrap">{JSON.stringify(tool.inputSchema, null, 2)}</pre>
    </div>
  );
}

export function ToolForm({ idPrefix, config, onChange, errors, readOnly, project }: FormProps<Config> & { project: string }) {
  const { workspace } = useConsole();
  const instances = useMcpInstances(project);
  const tools = useMcpTools(project, config.instanceId || undefined);
  const instanceOptions = (instances.data?.data ?? []).map((i) => ({ value: i.id, label: i.name }));
  if (config.instanceId && !instanceOptions.some((o) => o.value === config.instanceId)) instanceOptions.push({ value: config.instanceId, label: `${config.instanceId} (not found)` });
  const list = tools.data?.data ?? [];
  const toolOptions = list.map((t) => ({ value: t.name, label: `${t.name} · ${POLICY_LABELS[t.policy]}` }));
  if (config.tool && !toolOptions.some((o) => o.value === config.tool)) toolOptions.push({ value: config.tool, label: `${config.tool} (not synced)` });
  const selected = list.find((t) => t.name === config.tool);

  return (
    <div className="grid min-w-0 gap-4">
      {instanceOptions.length > 0 ? (
        <Field id={`${idPrefix}-instance`} label="MCP instance" hint="Its connection's credential is applied at call time." error={errors.instanceId}>
          <OptionSelect id={`${idPrefix}-instance`} value={config.instanceId} options={instanceOptions} onValueChange={(instanceId) => onChange(withoutPin({ ...config, instanceId, tool: "" }))} disabled={readOnly} />
        </Field>
      ) : (
        <div className="grid gap-1 text-sm">
          <span className="font-medium">MCP instance</span>
          <p className={errors.instanceId ? "text-xs text-destructive" : "text-xs text-muted-foreground"}>
            {instances.isPending ? "Loading MCP instances…" : "This project has no MCP instance yet. "}
            {!instances.isPending && (
              <Link className="underline" href={`/w/${workspace.slug}/projects/${project}/mcp-instances`}>
                Add one
              </Link>
            )}
          </p>
        </div>
      )}
      {config.instanceId && (
        <Field
          id={`${idPrefix}-tool`}
          label="Tool"
          hint={tools.isPending ? "Loading tools…" : list.length === 0 ? "No tools cached: sync the instance first." : undefined}
          error={errors.tool}
        >
          <OptionSelect id={`${idPrefix}-tool`} value={config.tool} options={toolOptions} onValueChange={(tool) => onChange(withoutPin({ ...config, tool }))} disabled={readOnly || toolOptions.length === 0} />
        </Field>
      )}
      {selected && <ToolDetails tool={selected} />}
      <ExpressionField
        mode="expression"
        id={`${idPrefix}-arguments`}
        label="Arguments expression (optional)"
        hint={ARGUMENTS_HINT}
        error={errors.arguments}
        value={config.arguments ?? ""}
        onChange={(v) => onChange(v.trim() ? { ...config, arguments: v } : { ...config, arguments: undefined })}
        readOnly={readOnly}
        rows={5}
        placeholder={'{ "query": input.question }'}
      />
      {selected && <InputSchema tool={selected} />}
      <Field
        id={`${idPrefix}-approver`}
        label="Who may approve a call"
        hint="Used when the tool's policy is “Approval required”: the run pauses for an approval of this exact call."
        error={errors.approverRole}
      >
        <OptionSelect id={`${idPrefix}-approver`} value={config.approverRole} options={APPROVER_ROLES} onValueChange={(approverRole) => onChange({ ...config, approverRole })} disabled={readOnly} />
      </Field>
      <div className="flex items-center justify-between gap-3">
        <label htmlFor={`${idPrefix}-self`} className="text-sm">
          Allow the person who started the run to approve its calls
        </label>
        <Switch id={`${idPrefix}-self`} checked={config.allowSelfApproval} onCheckedChange={(allowSelfApproval) => onChange({ ...config, allowSelfApproval })} disabled={readOnly} />
      </div>
      {config.schemaHash && (
        <p className="text-xs text-muted-foreground">
          Pinned input schema <code className="font-mono">{config.schemaHash.slice(0, 12)}…</code>: a changed upstream schema fails the step instead of calling with stale arguments.
        </p>
      )}
      <LimitsFields idPrefix={idPrefix} config={config} onChange={(patch) => onChange({ ...config, ...patch })} errors={errors} readOnly={readOnly} />
    </div>
  );
}
