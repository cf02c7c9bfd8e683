"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { AlertTriangle } from "lucide-react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import { RunStatusBadge } from "../../runs/run-status-badge";
import { useCanvasState } from "./canvas-context";
import { NODE_LABELS, type FlowNode } from "./graph-model";
import { NODE_ICONS } from "./node-icons";

const handleClass = "!size-3 !border-2 !border-background !bg-muted-foreground hover:!bg-primary";

/** One step on the canvas: type, name, id, its problems and (during a test run) its status. */
function StepNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const { problems, steps } = useCanvasState();
  const node = data.node;
  const list = problems.get(id) ?? [];
  const step = steps.get(id);
  const Icon = NODE_ICONS[node.type];
  return (
    <div
      data-testid={`node-${id}`}
      aria-invalid={list.length > 0 || undefined}
      className={cn(
        "w-56 rounded-lg border bg-card px-3 py-2 text-left shadow-sm transition-shadow",
        selected && "ring-2 ring-ring",
        list.length > 0 && "border-destructive",
        step?.status === "succeeded" && "border-success",
        step?.status === "running" && "border-primary",
      )}
    >
      {node.type !== "trigger" && <Handle type="target" position={Position.Top} className={handleClass} />}
      <div className="flex items-center gap-2">
        <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-muted">
          <Icon className="size-3.5 text-muted-foreground" aria-hidden />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium">{node.name || NODE_LABELS[node.type]}</p>
          <p className="truncate font-mono text-[11px] text-muted-foreground">
            {NODE_LABELS[node.type]} · {id}
          </p>
        </div>
      </div>
      {step && (
        <div className="mt-1.5">
          <RunStatusBadge status={step.status} />
        </div>
      )}
      {list.length > 0 && (
        <p data-testid="node-issue" className="mt-1.5 flex items-start gap-1 text-xs text-destructive">
          <AlertTriangle className="mt-px size-3 shrink-0" aria-hidden />
          <span>
            {list[0].field && list[0].field !== "config" ? `${list[0].field}: ` : ""}
            {list[0].message}
            {list.length > 1 && ` (+${list.length - 1} more)`}
          </span>
        </p>
      )}
      {node.type !== "output" && <Handle type="source" position={Position.Bottom} className={handleClass} />}
    </div>
  );
}

const StepNode = memo(StepNodeView);
export const NODE_TYPES_MAP = { step: StepNode };
