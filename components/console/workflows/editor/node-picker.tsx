"use client";
import { Search } from "lucide-react";
import { useId, useMemo, useRef, useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import type { NodeType } from "@/lib/schemas/workflow-graph";
import { NODE_LABELS } from "./graph-model";
import { NODE_HINTS, NODE_ICONS, NODE_TINTS } from "./node-icons";

/** Step kinds matching every word of the query, in name, kind or description. */
export function matchingTypes(types: readonly NodeType[], query: string): NodeType[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return types.filter((t) => {
    const text = `${NODE_LABELS[t]} ${t} ${NODE_HINTS[t]}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * Picks the kind of step to add: a search field over every kind (icon, name, one line on what
 * it does), arrows to move, Enter to add. One picker for the toolbar, the "+" on a step's
 * output and the "+" on a connection; `title` says which.
 */
export function NodePicker({ open, title, types, onPick, onOpenChange }: {
  open: boolean;
  title: string;
  types: readonly NodeType[];
  onPick: (type: NodeType) => void;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="top-[18vh] max-w-md translate-y-0 gap-0 p-0" showClose={false}>
        <DialogTitle className="sr-only">{title}</DialogTitle>
        <DialogDescription className="sr-only">Type to filter the kinds of step, use the arrow keys to move and Enter to add one.</DialogDescription>
        {/* Mounted per opening: the query and highlight start fresh each time. */}
        {open && <PickerBody title={title} types={types} onPick={onPick} />}
      </DialogContent>
    </Dialog>
  );
}

function PickerBody({ title, types, onPick }: { title: string; types: readonly NodeType[]; onPick: (type: NodeType) => void }) {
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const list = useMemo(() => matchingTypes(types, query), [types, query]);
  const listId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const current = list[Math.min(active, list.length - 1)];

  const move = (delta: number) => {
    if (list.length === 0) return;
    const next = (Math.min(active, list.length - 1) + delta + list.length) % list.length;
    setActive(next);
    listRef.current?.querySelectorAll("[role=option]")[next]?.scrollIntoView({ block: "nearest" });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") move(1);
    else if (e.key === "ArrowUp") move(-1);
    else if (e.key === "Home") setActive(0);
    else if (e.key === "End") setActive(list.length - 1);
    else if (e.key === "Enter" && current) onPick(current);
    else return;
    e.preventDefault();
  };

  return (
    <div className="grid">
      <div className="flex items-center gap-2 border-b px-3">
        <Search className="size-4 shrink-0 text-muted-foreground" aria-hidden />
        <input
          autoFocus
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-activedescendant={current ? `${listId}-${current}` : undefined}
          aria-label={title}
          placeholder="Search steps…"
          value={query}
          onChange={(e) => (setQuery(e.target.value), setActive(0))}
          onKeyDown={onKeyDown}
          className="h-11 flex-1 bg-transparent text-sm outline-none placeholder:text-muted-foreground"
        />
        <kbd className="rounded border bg-muted px-1.5 py-0.5 font-mono text-[10px] text-muted-foreground">Esc</kbd>
      </div>
      <ul ref={listRef} id={listId} role="listbox" aria-label="Kinds of step" className="max-h-[min(24rem,60vh)] overflow-y-auto p-1.5">
        {list.map((t) => {
          const Icon = NODE_ICONS[t];
          const selected = t === current;
          return (
            <li
              key={t}
              id={`${listId}-${t}`}
              role="option"
              aria-selected={selected}
              onClick={() => onPick(t)}
              onMouseMove={() => setActive(list.indexOf(t))}
              className={cn("flex cursor-pointer items-start gap-3 rounded-md px-2.5 py-2", selected && "bg-accent text-accent-foreground")}
            >
              <span className={cn("mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md", NODE_TINTS[t])}>
                <Icon className="size-4" aria-hidden />
              </span>
              <span className="grid min-w-0">
                <span className="text-sm font-medium">{NODE_LABELS[t]}</span>
                <span className="text-xs text-muted-foreground">{NODE_HINTS[t]}</span>
              </span>
            </li>
          );
        })}
        {list.length === 0 && <li className="px-3 py-6 text-center text-sm text-muted-foreground">No step matches “{query}”.</li>}
      </ul>
    </div>
  );
}
