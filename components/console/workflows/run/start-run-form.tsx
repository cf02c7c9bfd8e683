"use client";
import { useMutation } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { ApiErrorAlert } from "../../api-error-alert";
import { useProjectApi } from "../../connections/use-project-api";
import { TextArea } from "../forms/kit";
import type { RunDto } from "../types";

/**
 * Sample input and a start button. `body` adds what to run (`{ draft: true }` for a test run
 * of the draft, `{ version }` for a published version).
 */
export function StartRunForm({ project, workflowId, body, initialInput, disabledReason, label, onStarted }: {
  project: string;
  workflowId: string;
  body: { draft: true } | { version: number };
  initialInput: string;
  /** Why starting is not possible right now (unsaved edits, issues…), shown instead of starting. */
  disabledReason?: string | null;
  label: string;
  onStarted: (run: RunDto) => void;
}) {
  const call = useProjectApi(project);
  const [input, setInput] = useState(initialInput);
  const [jsonError, setJsonError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (value: unknown) => call<RunDto>(`/v1/workflows/${encodeURIComponent(workflowId)}/runs`, { method: "POST", body: { ...body, input: value } }),
    onSuccess: onStarted,
  });

  return (
    <form
      noValidate
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        let value: unknown;
        try {
          value = JSON.parse(input || "{}");
        } catch (err) {
          return setJsonError(`Not valid JSON: ${(err as Error).message}`);
        }
        setJsonError(null);
        start.mutate(value);
      }}
    >
      <Field id={`run-input-${workflowId}`} label="Input (JSON)" error={jsonError ?? undefined} hint="Checked against the trigger's input schema.">
        <TextArea value={input} onChange={(e) => setInput(e.target.value)} rows={6} className="font-mono text-xs" />
      </Field>
      {start.isError && <ApiErrorAlert error={start.error} />}
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs text-muted-foreground">{disabledReason}</span>
        <Button type="submit" size="sm" disabled={start.isPending || !!disabledReason}>
          <Play className="size-3.5" aria-hidden /> {start.isPending ? "Starting…" : label}
        </Button>
      </div>
    </form>
  );
}
