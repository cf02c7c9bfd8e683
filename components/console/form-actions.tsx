"use client";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";

type FormActionsProps = {
  submitLabel: string;
  /** Shown on the submit button while the request runs, e.g. "Creating…". */
  pendingLabel: string;
  pending: boolean;
  /** Disables the submit button for another reason than a running request. */
  disabled?: boolean;
  onCancel?: () => void;
  cancelLabel?: string;
  cancelVariant?: "outline" | "ghost";
  /** `dialog`: a DialogFooter; `end`: right-aligned; `split`: cancel left, submit right. */
  layout?: "dialog" | "end" | "split";
};

const ROW = { end: "flex justify-end gap-2", split: "flex justify-between gap-2" } as const;

/** The buttons under a form: an optional Cancel (or Back) and the submit that says it is busy. */
export function FormActions({ submitLabel, pendingLabel, pending, disabled, onCancel, cancelLabel = "Cancel", cancelVariant = "outline", layout = "dialog" }: FormActionsProps) {
  const buttons = (
    <>
      {onCancel && (
        <Button type="button" variant={cancelVariant} onClick={onCancel}>
          {cancelLabel}
        </Button>
      )}
      <Button type="submit" disabled={pending || disabled}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </>
  );
  return layout === "dialog" ? <DialogFooter>{buttons}</DialogFooter> : <div className={ROW[layout]}>{buttons}</div>;
}
