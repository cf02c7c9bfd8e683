"use client";
import { useEffect, useRef, useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";

// Small controls the node forms share. Values go to the graph as typed JSON; text the user
// is still typing (half a number, unfinished JSON) stays local until it parses.

export function TextArea({ className, ...props }: React.ComponentProps<"textarea">) {
  return (
    <textarea
      spellCheck={false}
      className={cn(
        "min-h-16 w-full rounded-md border border-input bg-background px-3 py-2 text-sm shadow-xs placeholder:text-muted-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:cursor-not-allowed disabled:opacity-50 aria-[invalid=true]:border-destructive",
        className,
      )}
      {...props}
    />
  );
}

export type FormProps<C> = {
  /** Prefix for element ids (the node id), so labels stay unique. */
  idPrefix: string;
  config: C;
  onChange: (config: C) => void;
  /** Schema errors by config field. */
  errors: Record<string, string>;
  readOnly: boolean;
  /** Reports JSON text that does not parse (null when it does), so the node can show it. */
  onJsonError: (field: string, message: string | null) => void;
};

export function TextField({ id, label, hint, error, value, onChange, readOnly, mono, placeholder }: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  readOnly?: boolean;
  mono?: boolean;
  placeholder?: string;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <Input value={value} onChange={(e) => onChange(e.target.value)} readOnly={readOnly} placeholder={placeholder} className={mono ? "font-mono" : undefined} spellCheck={false} autoComplete="off" />
    </Field>
  );
}

export type TextAreaFieldProps = {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  readOnly?: boolean;
  rows?: number;
  mono?: boolean;
  placeholder?: string;
};

export function TextAreaField({ id, label, hint, error, value, onChange, readOnly, rows = 4, mono = true, placeholder }: TextAreaFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <TextArea value={value} onChange={(e) => onChange(e.target.value)} readOnly={readOnly} rows={rows} placeholder={placeholder} className={mono ? "font-mono text-xs" : undefined} />
    </Field>
  );
}

/** A number that may be left empty (undefined). */
export function NumberField({ id, label, hint, error, value, onChange, readOnly, min, max, step, integer }: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  readOnly?: boolean;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
}) {
  const [local, setLocal] = useState<string | null>(null);
  // Follow outside changes (e.g. the JSON view) unless the user is mid-edit.
  const shown = local ?? (value === undefined ? "" : String(value));
  return (
    <Field id={id} label={label} hint={hint} error={local !== null && local.trim() !== "" && !valid(local, integer) ? "Not a number" : error}>
      <Input
        inputMode={integer ? "numeric" : "decimal"}
        value={shown}
        readOnly={readOnly}
        min={min}
        max={max}
        step={step}
        onChange={(e) => {
          const t = e.target.value;
          setLocal(t);
          if (t.trim() === "") onChange(undefined);
          else if (valid(t, integer)) onChange(Number(t));
        }}
        onBlur={() => setLocal(null)}
      />
    </Field>
  );
}

function valid(t: string, integer?: boolean): boolean {
  const n = Number(t.trim());
  return t.trim() !== "" && Number.isFinite(n) && (!integer || Number.isInteger(n));
}

/** JSON text for an object value (a JSON Schema); `optional` lets it be cleared to undefined. */
export function JsonField({ id, label, hint, error, value, onChange, onJsonError, readOnly, optional, rows = 8 }: {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  value: Record<string, unknown> | undefined;
  onChange: (v: Record<string, unknown> | undefined) => void;
  onJsonError: (message: string | null) => void;
  readOnly?: boolean;
  optional?: boolean;
  rows?: number;
}) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [parseError, setParseError] = useState<string | null>(null);
  // Unmounted (another step selected, the step deleted), the text falls back to the last valid
  // value, so its parse error must not linger on the node.
  const report = useRef(onJsonError);
  useEffect(() => {
    report.current = onJsonError;
  });
  useEffect(() => () => report.current(null), []);
  const commit = (t: string) => {
    setText(t);
    let message: string | null = null;
    if (t.trim() === "") {
      if (optional) onChange(undefined);
      else message = "Required";
    } else {
      try {
        const parsed: unknown = JSON.parse(t);
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) message = "Must be a JSON object";
        else onChange(parsed as Record<string, unknown>);
      } catch (err) {
        message = `Not valid JSON: ${(err as Error).message}`;
      }
    }
    setParseError(message);
    onJsonError(message);
  };
  return (
    <Field id={id} label={label} hint={hint} error={parseError ?? error}>
      <TextArea value={text} onChange={(e) => commit(e.target.value)} readOnly={readOnly} rows={rows} className="font-mono text-xs" />
    </Field>
  );
}
