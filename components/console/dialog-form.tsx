"use client";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "./form";

/** A dialog's title and the sentence under it. */
export function DialogHeading({ title, description }: { title: React.ReactNode; description?: React.ReactNode }) {
  return (
    <DialogHeader>
      <DialogTitle>{title}</DialogTitle>
      {description && <DialogDescription>{description}</DialogDescription>}
    </DialogHeader>
  );
}

/** A form that fills a dialog: the heading, then the fields. */
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
    <Form className={className} onSubmit={onSubmit}>
      <DialogHeading title={title} description={description} />
      {children}
    </Form>
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

/** A dialog whose form is forgotten (`onClosed`) whenever it closes, so it opens empty next time. */
export function FormDialog({
  open,
  onOpenChange,
  onClosed,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onClosed: () => void;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        onOpenChange(o);
        if (!o) onClosed();
      }}
    >
      <DialogContent className={className}>{children}</DialogContent>
    </Dialog>
  );
}
