"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { errorMessage } from "@/lib/client/api";
import { TRY_METHODS, type AgentDto, type TryAgentDto } from "@/lib/schemas/agents";
import { useConsole } from "../console-context";
import { useProjectApi } from "../connections/use-project-api";
import { Form } from "../form";
import { SectionHeader } from "../page-header";
import { TextArea } from "../workflows/forms/kit";

type Method = (typeof TRY_METHODS)[number];
const METHODS = TRY_METHODS.map((m) => ({ value: m, label: m }));

function Answer({ result, runHref }: { result: TryAgentDto; runHref: (id: string) => string }) {
  const ok = result.status < 400;
  const runId = result.headers["x-agentruntime-run-id"];
  return (
    <div className="grid gap-1.5" data-testid="agent-try-result">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={ok ? "success" : "destructive"}>HTTP {result.status}</Badge>
        <span className="text-xs text-muted-foreground">{result.latencyMs} ms</span>
        {runId && (
          <span className="text-xs">
            Run{" "}
            <Link href={runHref(runId)} className="font-mono underline-offset-2 hover:underline">
              {runId}
            </Link>
          </span>
        )}
        {result.headers["content-type"] && <span className="text-xs text-muted-foreground">{result.headers["content-type"]}</span>}
      </p>
      <pre className="max-h-72 overflow-auto rounded-md border bg-muted/40 p-3 font-mono text-xs whitespace-pre-wrap">{result.body.text || "(empty body)"}</pre>
      {result.body.truncated && <p className="text-xs text-muted-foreground">Only the first 64 KiB are shown.</p>}
    </div>
  );
}

/** One request through the gateway's ingress with a test JWT, as an end user's client sends it. */
export function TryPanel({ project, agent }: { project: string; agent: AgentDto }) {
  const { workspace } = useConsole();
  const call = useProjectApi(project);
  const runHref = (id: string) => `/w/${workspace.slug}/projects/${project}/runs/${encodeURIComponent(id)}`;
  const [jwt, setJwt] = useState("");
  const [method, setMethod] = useState<Method>("POST");
  const [path, setPath] = useState("/");
  const [body, setBody] = useState('{"message":"Hello"}');
  const send = useMutation({
    mutationFn: () =>
      call<TryAgentDto>(`/v1/agents/${encodeURIComponent(agent.id)}/try`, {
        method: "POST",
        body: {
          method,
          path: path.trim() || "/",
          ...(jwt.trim() ? { jwt: jwt.trim() } : {}),
          ...(method !== "GET" && body ? { body, headers: { "content-type": "application/json" } } : {}),
        },
      }),
  });
  return (
    <section aria-labelledby="agent-try-heading">
      <SectionHeader
        title={<span id="agent-try-heading">Try it</span>}
        description={`Sends a request to ${agent.ingressUrl} through the gateway: the JWT is verified against the identity provider, and the agent receives X-End-User-ID, never the JWT.`}
      />
      <Form className="grid gap-3 rounded-lg border bg-card p-4" onSubmit={() => send.mutate()}>
        <Field id="agent-try-jwt" label="End-user JWT" hint="Sent as Authorization: Bearer; leave empty to see ingress refuse the request.">
          <TextArea value={jwt} onChange={(e) => setJwt(e.target.value)} rows={3} placeholder="eyJhbGciOiJSUzI1NiIs…" className="font-mono text-xs" />
        </Field>
        <div className="grid grid-cols-[8rem_1fr] gap-3">
          <Field id="agent-try-method" label="Method">
            <OptionSelect id="agent-try-method" value={method} options={METHODS} onValueChange={setMethod} />
          </Field>
          <Field id="agent-try-path" label="Path">
            <Input value={path} onChange={(e) => setPath(e.target.value)} className="font-mono" spellCheck={false} autoComplete="off" />
          </Field>
        </div>
        {method !== "GET" && (
          <Field id="agent-try-body" label="Body (JSON)">
            <TextArea value={body} onChange={(e) => setBody(e.target.value)} rows={4} className="font-mono text-xs" />
          </Field>
        )}
        <div>
          <Button type="submit" disabled={send.isPending}>
            {send.isPending ? "Sending…" : "Send request"}
          </Button>
        </div>
        {send.error && <Alert variant="destructive">{errorMessage(send.error)}</Alert>}
        {send.data && <Answer result={send.data} runHref={runHref} />}
      </Form>
    </section>
  );
}
