"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { errorMessage } from "@/lib/client/api";
import { TOOL_METHODS, type TestToolDto, type ToolDto, type ToolMethod } from "@/lib/schemas/tools";
import { useProjectApi } from "../connections/use-project-api";
import { Form } from "../form";
import { SectionHeader } from "../page-header";
import { TextArea } from "../workflows/forms/kit";

const METHODS = TOOL_METHODS.map((m) => ({ value: m, label: m }));
const hasBody = (m: ToolMethod) => m !== "GET" && m !== "HEAD";

function Answer({ result }: { result: TestToolDto }) {
  const ok = result.status < 400;
  return (
    <div className="grid gap-1.5" data-testid="tool-test-result">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={ok ? "success" : "destructive"}>HTTP {result.status}</Badge>
        <span className="text-xs text-muted-foreground">{result.latencyMs} ms</span>
        {result.headers["content-type"] && <span className="text-xs text-muted-foreground">{result.headers["content-type"]}</span>}
      </p>
      <pre className="max-h-72 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs whitespace-pre-wrap">{result.body.text || "(empty body)"}</pre>
      {result.body.truncated && <p className="text-xs text-muted-foreground">Only the first 64 KiB are shown.</p>}
    </div>
  );
}

/** A project admin's call to the tool's upstream with its credential, without policies or a run. */
export function TestCallPanel({ project, tool }: { project: string; tool: ToolDto }) {
  const call = useProjectApi(project);
  const first = tool.capabilities[0];
  const [method, setMethod] = useState<ToolMethod>(first?.method ?? "GET");
  const [path, setPath] = useState(first?.path.replace(/[:*][A-Za-z0-9_]+/g, "1") ?? "/");
  const [body, setBody] = useState("");
  const send = useMutation({
    mutationFn: () =>
      call<TestToolDto>(`/v1/tools/${encodeURIComponent(tool.id)}/test`, {
        method: "POST",
        body: { method, path: path.trim() || "/", ...(hasBody(method) && body ? { body, headers: { "content-type": "application/json" } } : {}) },
      }),
  });
  return (
    <section aria-labelledby="tool-test-heading">
      <SectionHeader
        title={<span id="tool-test-heading">Test call</span>}
        description={`Calls ${tool.baseUrl} from the platform with the tool's credential, as the gateway would but without policies: the path must match a capability. The credential never appears in the answer.`}
      />
      <Form className="grid gap-3 rounded-lg border bg-card p-4" onSubmit={() => send.mutate()}>
        <div className="grid grid-cols-[8rem_1fr] gap-3">
          <Field id="tool-test-method" label="Method">
            <OptionSelect id="tool-test-method" value={method} options={METHODS} onValueChange={setMethod} />
          </Field>
          <Field id="tool-test-path" label="Path">
            <Input value={path} onChange={(e) => setPath(e.target.value)} className="font-mono" spellCheck={false} autoComplete="off" />
          </Field>
        </div>
        {hasBody(method) && (
          <Field id="tool-test-body" label="Body (JSON)">
            <TextArea value={body} onChange={(e) => setBody(e.target.value)} rows={4} className="font-mono text-xs" />
          </Field>
        )}
        <div>
          <Button type="submit" disabled={send.isPending}>
            {send.isPending ? "Calling…" : "Send test call"}
          </Button>
        </div>
        {send.error && <Alert variant="destructive">{errorMessage(send.error)}</Alert>}
        {send.data && <Answer result={send.data} />}
      </Form>
    </section>
  );
}
