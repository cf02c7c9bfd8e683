"use client";
import { Plus } from "lucide-react";
import { Button, type ButtonProps } from "@/components/ui/button";

/** A button with a plus sign that starts creating something ("New workflow", "Create token"). */
export function NewButton({ label, ...props }: ButtonProps & { label: string }) {
  return (
    <Button {...props}>
      <Plus className="size-4" aria-hidden /> {label}
    </Button>
  );
}
