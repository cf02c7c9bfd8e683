"use client";
import { Button } from "@/components/ui/button";
import { DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/** A dialog's title and the sentence under it. */
export function DialogHeading({ title, description }: { title: React.ReactNode; description?: React.ReactNode }) {
  return (
    <DialogHeader>
      <DialogTitle>{title}</DialogTitle>
      {description && <DialogDescription>{description}</DialogDescription>}
    </DialogHeader>
  );
}

/** A form that fills a dialog: heading, fields, and the browser's own validation turned off (the schema validates). */
export function DialogForm({
  title,
  description,
  onSubmit,
  className = "grid gap-5",
  children,
}: {
  title: React.ReactNode;
  description?: React.ReactNode;
  onSubmit: () => void;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <form
      noValidate
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <DialogHeading title={title} description={description} />
      {children}
    </form>
  );
}

/** The step after a create or rotate: what to copy (shown once), and Done. */
export function ShowOnceStep({ title, description, onDone, children }: { title: React.ReactNode; description: React.ReactNode; onDone: () => void; children: React.ReactNode }) {
  return (
    <>
      <DialogHeading title={title} description={description} />
      {children}
      <DialogFooter>
        <Button onClick={onDone}>Done</Button>
      </DialogFooter>
    </>
  );
}
