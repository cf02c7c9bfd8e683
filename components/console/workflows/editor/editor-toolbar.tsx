"use client";
import { AlertTriangle, Braces, Check, LayoutGrid, Loader2, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { NODE_TYPES, type NodeType } from "@/lib/schemas/workflow-graph";
import { cn } from "@/components/ui/cn";
import { NODE_LABELS } from "./graph-model";
import { NODE_HINTS, NODE_ICONS } from "./node-icons";
import type { SaveStatus } from "./use-autosave";

export function AddNodeMenu({ hasTrigger, onAdd }: { hasTrigger: boolean; onAdd: (type: NodeType) => void }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="sm" variant="outline">
          <Plus className="size-3.5" aria-hidden /> Add step
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        {NODE_TYPES.filter((t) => t !== "trigger" || !hasTrigger).map((t) => {
          const Icon = NODE_ICONS[t];
          return (
            <DropdownMenuItem key={t} onSelect={() => onAdd(t)} className="items-start">
              <Icon className="mt-0.5" aria-hidden />
              <span className="grid">
                <span className="font-medium">{NODE_LABELS[t]}</span>
                <span className="text-xs text-muted-foreground">{NODE_HINTS[t]}</span>
              </span>
            </DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

export function ViewToggle({ view, onView }: { view: "canvas" | "json"; onView: (v: "canvas" | "json") => void }) {
  const item = (v: "canvas" | "json", label: string, Icon: typeof LayoutGrid) => (
    <button
      type="button"
      aria-pressed={view === v}
      onClick={() => onView(v)}
      className={cn("inline-flex h-7 cursor-pointer items-center gap-1.5 rounded px-2 text-xs font-medium", view === v ? "bg-background shadow-xs" : "text-muted-foreground hover:text-foreground")}
    >
      <Icon className="size-3.5" aria-hidden /> {label}
    </button>
  );
  return (
    <div role="group" aria-label="View" className="inline-flex rounded-md bg-muted p-0.5">
      {item("canvas", "Canvas", LayoutGrid)}
      {item("json", "JSON", Braces)}
    </div>
  );
}

export function SaveIndicator({ status }: { status: SaveStatus }) {
  const text = {
    saved: "All changes saved",
    pending: "Unsaved changes",
    saving: "Saving…",
    invalid: status.kind === "invalid" ? `Not saved: fix ${status.count} ${status.count === 1 ? "problem" : "problems"}` : "",
    conflict: "Changed elsewhere",
    error: status.kind === "error" ? `Not saved: ${status.message}` : "",
  }[status.kind];
  const bad = status.kind === "invalid" || status.kind === "conflict" || status.kind === "error";
  return (
    <span role="status" data-testid="save-status" data-state={status.kind} className={cn("inline-flex items-center gap-1 text-xs", bad ? "text-destructive" : "text-muted-foreground")}>
      {status.kind === "saving" ? <Loader2 className="size-3 animate-spin" aria-hidden /> : status.kind === "saved" ? <Check className="size-3" aria-hidden /> : bad ? <AlertTriangle className="size-3" aria-hidden /> : null}
      {text}
    </span>
  );
}
