"use client";
import { useMutation } from "@tanstack/react-query";
import { Play } from "lucide-react";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import * as TabsPrimitive from "@radix-ui/react-tabs";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { ApiRequestError } from "@/lib/client/api";
import { errorsByField, formFromInput, inputFromForm, runFormFields } from "@/lib/client/schema-fields";
import { ApiErrorAlert } from "../../api-error-alert";
import { useProjectApi } from "../../connections/use-project-api";
import { TextArea } from "../forms/kit";
import type { RunDto } from "../types";
import { InputForm, type FormValues } from "./input-form";

/**
 * The run's input — a form generated from the trigger's input schema (typed fields, required
 * marks, the API's field-level errors under each field) or raw JSON — and a start button.
 * `body` adds what to run (`{ draft: true }` for a test run of the draft, `{ version }` for a
 * published version).
 */
export function StartRunForm({ project, workflowId, body, initialInput, inputSchema, disabledReason, label, onStarted }: {
  project: string;
  workflowId: string;
  body: { draft: true } | { version: number };
  initialInput: string;
  /** The trigger's input schema: when its properties are typed, the input is a form. */
  inputSchema?: Record<string, unknown>;
  /** Why starting is not possible right now (unsaved edits, issues…), shown instead of starting. */
  disabledReason?: string | null;
  label: string;
  onStarted: (run: RunDto) => void;
}) {
  const call = useProjectApi(project);
  const fields = useMemo(() => runFormFields(inputSchema), [inputSchema]);
  const [tab, setTab] = useState<"form" | "json">(fields.length ? "form" : "json");
  const [input, setInput] = useState(initialInput);
  const [values, setValues] = useState<FormValues>(() => formFromInput(fields, safeParse(initialInput)));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [jsonError, setJsonError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: (value: unknown) => call<RunDto>(`/v1/workflows/${encodeURIComponent(workflowId)}/runs`, { method: "POST", body: { ...body, input: value } }),
    onSuccess: onStarted,
  });
  const apiErrors = start.error instanceof ApiRequestError ? errorsByField(start.error.details) : {};
  const formShown = tab === "form" && fields.length > 0;

  const switchTab = (next: string) => {
    if (next === "json" && formShown) setInput(JSON.stringify(inputFromForm(fields, values).input, null, 2));
    if (next === "form" && tab === "json") setValues(formFromInput(fields, safeParse(input)));
    setTab(next as "form" | "json");
  };

  const jsonInput = (
    <Field id={`run-input-${workflowId}`} label="Input (JSON)" error={jsonError ?? undefined} hint="Checked against the trigger's input schema.">
      <TextArea value={input} onChange={(e) => setInput(e.target.value)} rows={6} className="font-mono text-xs" />
    </Field>
  );

  return (
    <form
      noValidate
      className="grid gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (formShown) {
          const built = inputFromForm(fields, values);
          setLocalErrors(built.errors);
          if (Object.keys(built.errors).length === 0) start.mutate(built.input);
          return;
        }
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
      {fields.length > 0 ? (
        <Tabs value={tab} onValueChange={switchTab}>
          <TabsList aria-label="Input as">
            <TabsTrigger value="form">Form</TabsTrigger>
            <TabsTrigger value="json">JSON</TabsTrigger>
          </TabsList>
          <TabsPrimitive.Content value="form" className="pt-3">
            <InputForm idPrefix={`run-input-${workflowId}`} fields={fields} values={values} onChange={setValues} errors={{ ...apiErrors, ...localErrors }} />
          </TabsPrimitive.Content>
          <TabsPrimitive.Content value="json" className="pt-3">
            {jsonInput}
          </TabsPrimitive.Content>
        </Tabs>
      ) : (
        jsonInput
      )}
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

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}
