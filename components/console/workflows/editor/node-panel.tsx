"use client";
import { AlertTriangle, Link2, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { HttpForm } from "../forms/http-form";
import { LlmForm } from "../forms/llm-form";
import { ApprovalForm, ExpressionForm, OutputForm } from "../forms/simple-forms";
import { TriggerForm } from "../forms/trigger-form";
import { ToolForm } from "../forms/tool-form";
import { NODE_LABELS, type FlowEdge, type FlowNode, type Problem } from "./graph-model";
import { NODE_HINTS, NODE_ICONS } from "./node-icons";

type Props = {
  node: WorkflowNode;
  nodes: FlowNode[];
  edges: FlowEdge[];
  problems: Problem[];
  project: string;
  readOnly: boolean;
  onChange: (node: WorkflowNode) => void;
  onConnect: (target: string) => void;
  onDelete: () => void;
  onJsonError: (field: string, message: string | null) => void;
};

/** The typed form for one node's config; the union is narrowed once here. */
function ConfigForm({ node, onChange, errors, readOnly, project, onJsonError }: Pick<Props, "node" | "onChange" | "readOnly" | "project" | "onJsonError"> & { errors: Record<string, string> }) {
  const common = { idPrefix: `node-${node.id}`, errors, readOnly, onJsonError };
  switch (node.type) {
    case "trigger":
      return <TriggerForm {...common} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
    case "llm":
      return <LlmForm {...common} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
    case "http":
      return <HttpForm {...common} project={project} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
    case "tool":
      return <ToolForm {...common} project={project} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
    case "transform":
    case "condition":
      return <ExpressionForm {...common} kind={node.type} config={node.config} onChange={(config) => onChange({ ...node, config } as WorkflowNode)} />;
    case "approval":
      return <ApprovalForm {...common} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
    case "output":
      return <OutputForm {...common} config={node.config} onChange={(config) => onChange({ ...node, config })} />;
  }
}

/** "Connect to…": the keyboard way to draw an edge from this node. */
function ConnectTo({ node, nodes, edges, onConnect }: Pick<Props, "node" | "nodes" | "edges" | "onConnect">) {
  const [target, setTarget] = useState("");
  const linked = new Set(edges.filter((e) => e.source === node.id).map((e) => e.target));
  const candidates = nodes.filter((n) => n.id !== node.id && n.data.node.type !== "trigger" && !linked.has(n.id));
  if (node.type === "output" || candidates.length === 0) return null;
  return (
    <div className="grid gap-1.5">
      <label htmlFor={`connect-${node.id}`} className="text-sm font-medium">
        Connect to…
      </label>
      <div className="flex gap-2">
        <Select value={target} onValueChange={setTarget}>
          <SelectTrigger id={`connect-${node.id}`}>
            <SelectValue placeholder="Choose a step" />
          </SelectTrigger>
          <SelectContent>
            {candidates.map((n) => (
              <SelectItem key={n.id} value={n.id}>
                {n.data.node.name || NODE_LABELS[n.data.node.type]} ({n.id})
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Button
          type="button"
          variant="outline"
          disabled={!target}
          onClick={() => {
            onConnect(target);
            setTarget("");
          }}
        >
          <Link2 className="size-4" aria-hidden /> Connect
        </Button>
      </div>
    </div>
  );
}

export function NodePanel(props: Props) {
  const { node, problems, readOnly, onChange, onDelete } = props;
  const Icon = NODE_ICONS[node.type];
  const errors: Record<string, string> = {};
  for (const p of problems) if (p.field && !(p.field in errors)) errors[p.field] = p.message;
  const general = problems.filter((p) => !p.field);
  return (
    <section aria-label={`Step ${node.id}`} className="grid gap-4 p-4">
      <header className="flex items-start gap-2">
        <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-muted">
          <Icon className="size-4 text-muted-foreground" aria-hidden />
        </span>
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{NODE_LABELS[node.type]}</h2>
          <p className="text-xs text-muted-foreground">{NODE_HINTS[node.type]}</p>
        </div>
      </header>
      {general.length > 0 && (
        <ul className="grid gap-1 rounded-md border border-destructive/40 bg-destructive/5 p-2 text-xs text-destructive" aria-label="Problems">
          {general.map((p, i) => (
            <li key={i} className="flex gap-1.5">
              <AlertTriangle className="mt-px size-3 shrink-0" aria-hidden /> {p.message}
            </li>
          ))}
        </ul>
      )}
      <Field id={`node-${node.id}-name`} label="Name" error={errors.name}>
        <Input value={node.name ?? ""} onChange={(e) => onChange({ ...node, name: e.target.value || undefined })} readOnly={readOnly} autoComplete="off" />
      </Field>
      <p className="-mt-2 text-xs text-muted-foreground">
        Later steps read its result as <code className="font-mono">steps.{node.id}.output</code>.
      </p>
      <ConfigForm {...props} errors={errors} />
      {!readOnly && <ConnectTo {...props} />}
      {!readOnly && (
        <Button type="button" variant="ghost" className="justify-self-start text-destructive" onClick={onDelete}>
          <Trash2 className="size-4" aria-hidden /> Delete step
        </Button>
      )}
    </section>
  );
}

export function EdgePanel({ edge, conditional, problems, readOnly, onBranch, onDelete }: {
  edge: FlowEdge;
  conditional: boolean;
  problems: Problem[];
  readOnly: boolean;
  onBranch: (branch: string | undefined) => void;
  onDelete: () => void;
}) {
  return (
    <section aria-label="Connection" className="grid gap-4 p-4">
      <header>
        <h2 className="text-sm font-semibold">Connection</h2>
        <p className="font-mono text-xs text-muted-foreground">
          {edge.source} → {edge.target}
        </p>
      </header>
      {conditional ? (
        <Field id={`edge-${edge.id}-branch`} label="Branch" hint='The condition value that takes this path ("true", "false", any text), or "default".' error={problems[0]?.message}>
          <Input value={edge.data?.branch ?? ""} onChange={(e) => onBranch(e.target.value || undefined)} readOnly={readOnly} className="font-mono" autoComplete="off" />
        </Field>
      ) : (
        problems.map((p, i) => (
          <p key={i} className="text-xs text-destructive">
            {p.message}
          </p>
        ))
      )}
      {!readOnly && (
        <Button type="button" variant="ghost" className="justify-self-start text-destructive" onClick={onDelete}>
          <Trash2 className="size-4" aria-hidden /> Delete connection
        </Button>
      )}
    </section>
  );
}
