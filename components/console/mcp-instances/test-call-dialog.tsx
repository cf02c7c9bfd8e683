"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import type { CallMcpToolResponse, McpToolDto } from "@/lib/schemas/mcp-instances";
import { useProjectApi } from "../connections/use-project-api";
import { DialogForm, FormDialog } from "../dialog-form";
import { FormActions } from "../form-actions";
import { FormError } from "../form-error";
import { sampleFromSchema } from "../json-schema-sample";
import { TextAreaField } from "../workflows/forms/kit";

const PLACEHOLDERS = { string: "", number: 0, boolean: false };

function sampleArguments(tool: McpToolDto): string {
  const sample = sampleFromSchema({ type: "object", ...tool.inputSchema }, PLACEHOLDERS);
  return JSON.stringify(sample && typeof sample === "object" ? sample : {}, null, 2);
}

function parseArguments(text: string): { value?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return { value: {} };
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== "object" || Array.isArray(v)) return { error: "The arguments must be a JSON object" };
    return { value: v as Record<string, unknown> };
  } catch (err) {
    return { error: `Not valid JSON: ${(err as Error).message}` };
  }
}

/** What the tool answered: its structured result when it has one, else its content blocks. */
function CallResult({ result }: { result: CallMcpToolResponse }) {
  if (result.error) {
    return (
      <Alert variant="destructive" data-testid="tool-call-result">
        The call did not reach the tool ({result.error.code}): {result.error.message}
      </Alert>
    );
  }
  const body = result.structuredContent ?? result.content.map((c) => (c.type === "text" && typeof c.text === "string" ? c.text : c));
  const text = typeof body === "object" && Array.isArray(body) && body.every((b) => typeof b === "string") ? body.join("\n") : JSON.stringify(body, null, 2);
  return (
    <div className="grid gap-1.5" data-testid="tool-call-result">
      <p className="flex items-center gap-2 text-sm font-medium">
        Result {result.isError ? <Badge variant="destructive">Tool error</Badge> : <Badge variant="success">OK</Badge>}
        <span className="text-xs font-normal text-muted-foreground">{result.latencyMs} ms</span>
      </p>
      <pre className="max-h-64 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs whitespace-pre-wrap">{text}</pre>
    </div>
  );
}

type Props = { project: string; instanceId: string; tool: McpToolDto | null; onOpenChange: (open: boolean) => void };

/** A test call of one tool: arguments as JSON, seeded from its input schema; the result below. */
export function TestCallDialog({ project, instanceId, tool, onOpenChange }: Props) {
  const call = useProjectApi(project);
  const [text, setText] = useState<string | null>(null);
  const [parseError, setParseError] = useState<string | null>(null);
  const shown = text ?? (tool ? sampleArguments(tool) : "{}");
  const run = useMutation({
    mutationFn: (args: Record<string, unknown>) =>
      call<CallMcpToolResponse>(`/v1/mcp-instances/${encodeURIComponent(instanceId)}/tools/${encodeURIComponent(tool?.name ?? "")}/call`, { method: "POST", body: { arguments: args } }),
  });
  const reset = () => {
    setText(null);
    setParseError(null);
    run.reset();
  };
  return (
    <FormDialog open={!!tool} onOpenChange={onOpenChange} onClosed={reset} className="max-w-2xl">
      <DialogForm
        title={`Test ${tool?.name ?? ""}`}
        description="Calls the tool now with the connection's credential, whatever its policy asks of workflow runs. The call is audited."
        onSubmit={() => {
          const parsed = parseArguments(shown);
          setParseError(parsed.error ?? null);
          if (parsed.value) run.mutate(parsed.value);
        }}
      >
        {tool?.description && <p className="text-sm text-muted-foreground">{tool.description}</p>}
        <TextAreaField
          id="tool-call-arguments"
          label="Arguments (JSON)"
          hint="Prefilled from the tool's input schema."
          error={parseError ?? undefined}
          value={shown}
          onChange={setText}
          rows={8}
        />
        {tool && (
          <details className="text-xs">
            <summary className="cursor-pointer text-muted-foreground">Input schema</summary>
            <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 font-mono text-[11px]">{JSON.stringify(tool.inputSchema, null, 2)}</pre>
          </details>
        )}
        <FormError error={run.error} />
        {run.data && <CallResult result={run.data} />}
        <FormActions submitLabel="Call tool" pendingLabel="Calling…" pending={run.isPending} onCancel={() => onOpenChange(false)} cancelLabel="Close" />
      </DialogForm>
    </FormDialog>
  );
}
