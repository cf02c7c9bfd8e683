"use client";
import { TriangleAlert } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { Label } from "@/components/ui/label";

// The pieces of every "copy it now, it will not be shown again" block: tokens, webhook
// signing secrets and inbound subscription values.

const STACK = "grid grid-cols-[minmax(0,1fr)]";

export function ShowOnce({ children }: { children: React.ReactNode }) {
  return <div className={`${STACK} gap-4`}>{children}</div>;
}

export function ShowOnceWarning({ children }: { children: React.ReactNode }) {
  return (
    <Alert className="flex gap-2 border-warning/40 bg-warning/10">
      <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden />
      <span>{children}</span>
    </Alert>
  );
}

/** A read-only value that selects itself on focus, with a Copy button. */
export function SecretValue({ id, label, value, copyLabel, testId }: { id: string; label: React.ReactNode; value: string; copyLabel: string; testId?: string }) {
  return (
    <div className={`${STACK} gap-1.5`}>
      <Label htmlFor={id}>{label}</Label>
      <div className="flex gap-2">
        <input
          id={id}
          data-testid={testId}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md border border-input bg-muted/40 px-3 font-mono text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        />
        <CopyButton value={value} label={copyLabel} showLabel />
      </div>
    </div>
  );
}

/** A titled part of the block, e.g. "Try it" with a curl example. */
export function ShowOnceSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className={`${STACK} gap-1.5`}>
      <p className="text-sm font-medium">{title}</p>
      {children}
    </div>
  );
}
