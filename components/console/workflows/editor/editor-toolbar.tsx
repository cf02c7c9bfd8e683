"use client";
import { AlertTriangle, Braces, Check, LayoutGrid, Loader2, Plus, Redo2, Undo2 } from "lucide-react";
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

export function UndoRedo({ canUndo, canRedo, onUndo, onRedo }: { canUndo: boolean; canRedo: boolean; onUndo: () => void; onRedo: () => void }) {
  return (
    <div role="group" aria-label="History" className="inline-flex gap-1">
      <Button size="sm" variant="ghost" aria-label="Undo" title="Undo (Ctrl+Z / ⌘Z)" aria-keyshortcuts="Control+Z Meta+Z" disabled={!canUndo} onClick={onUndo}>
        <Undo2 className="size-3.5" aria-hidden />
      </Button>
      <Button size="sm" variant="ghost" aria-label="Redo" title="Redo (Shift+Ctrl+Z / ⇧⌘Z)" aria-keyshortcuts="Shift+Control+Z Shift+Meta+Z Control+Y" disabled={!canRedo} onClick={onRedo}>
        <Redo2 className="size-3.5" aria-hidden />
      </Button>
    </div>
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
    invalid: status.kind === "invalid" ? `Not saved: ${status.count === 1 ? "a step id or connection is" : `${status.count} step ids or connections are`} malformed` : "",
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
