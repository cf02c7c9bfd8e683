"use client";
import { AlertTriangle, Braces, Check, Keyboard, LayoutGrid, Loader2, Maximize2, Minimize2, Plus, Redo2, Undo2, Wand2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { SaveStatus } from "./use-autosave";

export function AddStepButton({ onClick }: { onClick: () => void }) {
  return (
    <Button size="sm" variant="outline" onClick={onClick} title="Add step (N)" aria-keyshortcuts="N">
      <Plus className="size-3.5" aria-hidden /> Add step
    </Button>
  );
}

/** Tidy up, full screen and the shortcuts sheet: the canvas's own tools. */
export function CanvasTools({ canTidy, fullScreen, onTidy, onFullScreen, onShortcuts }: {
  canTidy: boolean;
  fullScreen: boolean;
  onTidy: () => void;
  onFullScreen: () => void;
  onShortcuts: () => void;
}) {
  return (
    <div role="group" aria-label="Canvas" className="inline-flex gap-1">
      {canTidy && (
        <Button size="sm" variant="ghost" onClick={onTidy} title="Tidy up (Shift+Alt+T)" aria-keyshortcuts="Shift+Alt+T">
          <Wand2 className="size-3.5" aria-hidden /> Tidy up
        </Button>
      )}
      <Button size="sm" variant="ghost" aria-pressed={fullScreen} aria-label={fullScreen ? "Exit full screen" : "Full screen"} title={fullScreen ? "Exit full screen (Esc)" : "Full screen (F)"} aria-keyshortcuts="F" onClick={onFullScreen}>
        {fullScreen ? <Minimize2 className="size-3.5" aria-hidden /> : <Maximize2 className="size-3.5" aria-hidden />}
      </Button>
      <Button size="sm" variant="ghost" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" aria-keyshortcuts="?" onClick={onShortcuts}>
        <Keyboard className="size-3.5" aria-hidden />
      </Button>
    </div>
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
