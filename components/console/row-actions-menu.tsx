"use client";
import { MoreHorizontal, type LucideIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export type RowAction = { label: string; icon: LucideIcon; onSelect: () => void; destructive?: boolean };

/**
 * The "…" button at the end of a table row and the menu of that row's actions. Entries that
 * are `false` (not allowed for this row) are left out; "separator" draws a line.
 */
export function RowActionsMenu({ label, actions }: { label: string; actions: (RowAction | "separator" | false)[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="size-8" aria-label={label}>
          <MoreHorizontal className="size-4" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        {actions.map((a, i) =>
          a === false ? null : a === "separator" ? (
            <DropdownMenuSeparator key={`separator-${i}`} />
          ) : (
            <DropdownMenuItem key={a.label} variant={a.destructive ? "destructive" : undefined} onSelect={a.onSelect}>
              <a.icon /> {a.label}
            </DropdownMenuItem>
          ),
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
