"use client";
import { useQuery } from "@tanstack/react-query";
import { Braces } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { errorMessage } from "@/lib/client/api";
import type { PreviewExpressionDto } from "@/lib/schemas/expression-preview";
import { variablePaths } from "@/lib/client/variable-paths";
import { useConsole } from "../../console-context";
import { useProjectApi } from "../../connections/use-project-api";
import { useExpressionEnv, type ExpressionEnv } from "./expression-env";
import { TextArea, type TextAreaFieldProps } from "./kit";
import { VariablePicker } from "./variable-picker";

// A template (text with {{ }} parts) or JSONata expression field: a variable picker (the
// button, or typing "{{") inserts `input.*` / `steps.<id>.output.*` at the cursor, and under the
// field the value it evaluates to against the last test run (or the trigger's sample input),
// computed by the engine's own evaluator through the preview endpoint.

type Mode = "template" | "expression";
const HAS_PART = /\{\{[\s\S]*?\S[\s\S]*?\}\}/;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function Preview({ env, mode, value }: { env: ExpressionEnv; mode: Mode; value: string }) {
  const { workspace } = useConsole();
  const call = useProjectApi(env.project);
  const expression = useDebounced(value, 350);
  const runId = env.lastRun?.id;
  const wanted = env.canPreview && expression.trim() !== "" && (mode === "expression" || HAS_PART.test(expression));
  const preview = useQuery({
    queryKey: ["expression-preview", workspace.slug, env.project, env.workflowId, runId ?? null, mode, expression, runId ? null : env.sampleInput],
    queryFn: ({ signal }) =>
      call<PreviewExpressionDto>(`/v1/workflows/${encodeURIComponent(env.workflowId)}/preview-expression`, {
        method: "POST",
        body: { expression, mode, ...(runId ? { runId } : { input: env.sampleInput ?? {} }) },
        signal,
      }),
    enabled: wanted,
    staleTime: 60_000,
    retry: false,
  });
  if (!wanted) return null;
  const against = runId ? "last test run" : "sample input";
  const data = preview.data;
  const text = data?.ok ? (typeof data.value === "string" && mode === "template" ? data.value : (JSON.stringify(data.value, null, 2) ?? "null")) : null;
  return (
    <div className="grid gap-1" aria-live="polite" data-testid="expression-preview">
      <span className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">Preview · {against}</span>
      {preview.isPending || expression !== value ? (
        <span className="text-xs text-muted-foreground">Evaluating…</span>
      ) : preview.isError ? (
        <span className="text-xs text-destructive">Preview unavailable: {errorMessage(preview.error)}</span>
      ) : data && !data.ok ? (
        <span className="text-xs text-destructive" data-testid="expression-preview-error">
          {data.error}
        </span>
      ) : (
        <pre className="max-h-32 overflow-auto whitespace-pre-wrap break-words rounded-md border bg-muted/40 p-2 font-mono text-[11px]" data-testid="expression-preview-value">
          {text && text.length > 2000 ? `${text.slice(0, 2000)}…` : text}
        </pre>
      )}
    </div>
  );
}

export function ExpressionField({ id, label, hint, error, value, onChange, readOnly, rows = 4, mono = true, placeholder, mode, singleLine }: TextAreaFieldProps & {
  mode: Mode;
  /** One line (a URL path): Enter does not add a newline. */
  singleLine?: boolean;
}) {
  const env = useExpressionEnv();
  const ref = useRef<HTMLTextAreaElement>(null);
  const selection = useRef<[number, number]>([value.length, value.length]);
  const [open, setOpen] = useState(false);
  const paths = useMemo(() => (env ? variablePaths(env.graph, env.nodeId, env.lastRun) : []), [env]);

  const remember = () => {
    const el = ref.current;
    if (el) selection.current = [el.selectionStart, el.selectionEnd];
  };

  // Closing the picker puts the cursor back where it was in the field.
  const close = () => {
    setOpen(false);
    const [start, end] = selection.current;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(start, end);
    });
  };

  const insert = (path: string) => {
    const [start, end] = selection.current;
    const before = value.slice(0, start);
    let text = path;
    if (mode === "template") text = /\{\{\s*$/.test(before) ? `${before.endsWith(" ") ? "" : " "}${path} }}` : `{{ ${path} }}`;
    const next = before + text + value.slice(end);
    onChange(next);
    setOpen(false);
    const caret = start + text.length;
    selection.current = [caret, caret];
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(caret, caret);
    });
  };

  return (
    <div className="grid gap-2">
      <div className="relative">
        <Field id={id} label={label} hint={hint} error={error}>
          <TextArea
            ref={ref}
            value={value}
            readOnly={readOnly}
            rows={singleLine ? 1 : rows}
            placeholder={placeholder}
            className={mono ? "font-mono text-xs" : undefined}
            onSelect={remember}
            onKeyDown={(e) => {
              if (singleLine && e.key === "Enter") e.preventDefault();
              if (e.key === "Escape" && open) setOpen(false);
            }}
            onChange={(e) => {
              const next = singleLine ? e.target.value.replace(/\n/g, "") : e.target.value;
              onChange(next);
              const caret = e.target.selectionStart;
              selection.current = [caret, e.target.selectionEnd];
              // Typing "{{" opens the picker at the cursor.
              if (env && !readOnly && next.slice(0, caret).endsWith("{{") && next.length > value.length) setOpen(true);
            }}
          />
        </Field>
        {env && !readOnly && (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            className="absolute right-0 top-[-6px] h-7 px-2 text-xs"
            aria-expanded={open}
            aria-controls={open ? `${id}-variables` : undefined}
            onMouseDown={remember}
            onClick={() => setOpen((o) => !o)}
          >
            <Braces className="size-3.5" aria-hidden /> Insert variable
          </Button>
        )}
      </div>
      {open && env && <VariablePicker id={`${id}-variables`} paths={paths} hasRun={!!env.lastRun} onPick={insert} onClose={close} />}
      {env && <Preview env={env} mode={mode} value={value} />}
    </div>
  );
}
