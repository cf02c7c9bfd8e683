"use client";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";

/** The trash-can icon button that starts removing one item (which then asks to confirm). */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="ghost" size="icon" className="size-8" aria-label={label} onClick={onClick}>
      <Trash2 className="size-4" aria-hidden />
    </Button>
  );
}
