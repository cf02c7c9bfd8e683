"use client";
import { X } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import type { VariablePath } from "@/lib/client/variable-paths";

/** A searchable list of the paths a step can read; arrows move, Enter inserts, Escape closes. */
export function VariablePicker({ id, paths, hasRun, onPick, onClose }: { id: string; paths: VariablePath[]; hasRun: boolean; onPick: (path: string) => void; onClose: () => void }) {
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => search.current?.focus(), []);
  const needle = q.trim().toLowerCase();
  const shown = needle ? paths.filter((p) => p.path.toLowerCase().includes(needle) || p.description?.toLowerCase().includes(needle)) : paths;
  const current = Math.min(active, Math.max(0, shown.length - 1));

  return (
    <div id={id} className="grid gap-2 rounded-md border bg-popover p-2 shadow-sm" data-testid="variable-picker">
      <div className="flex items-center gap-1">
        <Input
          ref={search}
          value={q}
          onChange={(e) => (setQ(e.target.value), setActive(0))}
          placeholder="Search input.* and steps.*"
          aria-label="Search variables"
          role="combobox"
          aria-expanded
          aria-controls={`${id}-list`}
          aria-activedescendant={shown.length ? `${id}-opt-${current}` : undefined}
          className="h-8 font-mono text-xs"
          autoComplete="off"
          onKeyDown={(e) => {
            const pick = shown[current];
            if (e.key === "ArrowDown") setActive(Math.min(current + 1, shown.length - 1));
            else if (e.key === "ArrowUp") setActive(Math.max(current - 1, 0));
            else if (e.key === "Enter" && pick) onPick(pick.path);
            else if (e.key === "Escape") onClose();
            else return;
            e.preventDefault();
          }}
        />
        <Button type="button" variant="ghost" size="icon" className="size-8" aria-label="Close variables" onClick={onClose}>
          <X className="size-3.5" aria-hidden />
        </Button>
      </div>
      <ul id={`${id}-list`} role="listbox" aria-label="Variables" className="max-h-56 overflow-y-auto">
        {shown.map((p, i) => (
          <li
            key={p.path}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === current}
            className={cn("flex cursor-pointer items-baseline gap-2 rounded px-2 py-1 text-xs", i === current && "bg-accent text-accent-foreground")}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(p.path)}
          >
            <code className="min-w-0 flex-1 truncate font-mono">{p.path}</code>{" "}
            <span className="shrink-0 text-muted-foreground">{p.sample ?? p.type}</span>
          </li>
        ))}
        {shown.length === 0 && <li className="px-2 py-1 text-xs text-muted-foreground">No matching variable</li>}
      </ul>
      {!hasRun && <p className="text-[11px] text-muted-foreground">Start a test run to pick from real step outputs too.</p>}
    </div>
  );
}
