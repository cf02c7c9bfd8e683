"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import { AlertTriangle } from "lucide-react";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import { RunStatusBadge } from "../../runs/run-status-badge";
import { useCanvasState } from "./canvas-context";
import { NODE_LABELS, type FlowNode } from "./graph-model";
import { NODE_ICONS, NODE_TINTS } from "./node-icons";
import { PlusButton } from "./plus-button";

const handleClass = "!size-3 !border-2 !border-background !bg-muted-foreground hover:!bg-primary";

/**
 * The "+" on a step's output (n8n's connector): a short line out of the handle and a button that
 * opens the step picker. Always shown while the output is free (a condition: until it has a true
 * and a false branch), otherwise when the step is hovered or the button focused.
 */
function AddAfter({ id, name, free, onAdd }: { id: string; name: string; free: boolean; onAdd: (id: string) => void }) {
  return (
    // Starts where the handle ends, so the handle stays draggable.
    <div className={cn("nodrag nopan pointer-events-none absolute left-full top-1/2 ml-1.5 flex -translate-y-1/2 items-center transition-opacity", free ? "opacity-100" : "opacity-0 focus-within:opacity-100 group-hover:opacity-100")}>
      {/* The line is also the bridge the pointer crosses from the step to the button. */}
      <span className={cn("flex h-6 w-5 items-center", free ? "pointer-events-auto" : "group-hover:pointer-events-auto")} aria-hidden>
        <span className="h-px w-full bg-muted-foreground/50" />
      </span>
      <PlusButton
        data-testid={`add-after-${id}`}
        aria-label={`Add a step after ${name}`}
        title="Add a step after this one"
        onClick={() => onAdd(id)}
        className={free ? "pointer-events-auto" : "group-hover:pointer-events-auto"}
      />
    </div>
  );
}

/** One step on the canvas: type, name, id, its problems and (during a test run) its status. */
function StepNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  const { problems, steps, outgoing, onAddAfter } = useCanvasState();
  const node = data.node;
  const list = problems.get(id) ?? [];
  const step = steps.get(id);
  const Icon = NODE_ICONS[node.type];
  return (
    <div
      data-testid={`node-${id}`}
      aria-invalid={list.length > 0 || undefined}
      className={cn(
        "group relative w-56 rounded-xl border bg-card px-3 py-2.5 text-left shadow-sm transition-shadow hover:shadow-md",
        selected && "ring-2 ring-ring",
        list.length > 0 && "border-destructive",
        step?.status === "succeeded" && "border-success",
        step?.status === "running" && "border-primary",
      )}
    >
      {node.type !== "trigger" && <Handle type="target" position={Position.Left} className={handleClass} />}
      <div className="flex items-center gap-2.5">
        <span className={cn("flex size-8 shrink-0 items-center justify-center rounded-md", NODE_TINTS[node.type])}>
          <Icon className="size-4" aria-hidden />
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
      {node.type !== "output" && <Handle type="source" position={Position.Right} className={handleClass} />}
      {node.type !== "output" && onAddAfter && (
        <AddAfter id={id} name={node.name || NODE_LABELS[node.type]} free={(outgoing.get(id) ?? 0) < (node.type === "condition" ? 2 : 1)} onAdd={onAddAfter} />
      )}
    </div>
  );
}

const StepNode = memo(StepNodeView);
export const NODE_TYPES_MAP = { step: StepNode };
