"use client";
import { Plus } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "@/components/ui/cn";

/**
 * The canvas's small "+" (on a step's output, in the middle of a connection): opens the step
 * picker. Its click stays on the button (the canvas would otherwise select what is under it);
 * `className` adds the caller's visibility rules.
 */
export function PlusButton({ className, onClick, ...props }: ComponentProps<"button">) {
  return (
    <button
      type="button"
      {...props}
      onClick={(e) => (e.stopPropagation(), onClick?.(e))}
      className={cn(
        "flex size-6 cursor-pointer items-center justify-center rounded-md border bg-card text-muted-foreground shadow-xs hover:border-primary hover:bg-primary hover:text-primary-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
        className,
      )}
    >
      <Plus className="size-3.5" aria-hidden />
    </button>
  );
}
