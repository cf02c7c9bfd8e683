import { Lock } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { InlineCode } from "./inline-code";
import { SchemaView, typeLabel } from "./schema-view";
import { deref, type OpenApiDocument, type OperationEntry, type RequestBody, type ResponseObject } from "./types";

const METHOD_STYLES: Record<string, string> = {
  get: "bg-success/15 text-success",
  post: "bg-primary/15 text-primary",
  put: "bg-warning/20 text-warning",
  patch: "bg-warning/20 text-warning",
  delete: "bg-destructive/15 text-destructive",
};

export function MethodBadge({ method, className }: { method: string; className?: string }) {
  return (
    <span className={cn("inline-flex w-14 shrink-0 justify-center rounded px-1.5 py-0.5 font-mono text-[11px] font-semibold uppercase", METHOD_STYLES[method], className)}>
      {method}
    </span>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-2">
      <h4 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{title}</h4>
      {children}
    </div>
  );
}

function firstJson(content: Record<string, { schema?: unknown }> | undefined) {
  if (!content) return undefined;
  const type = Object.keys(content).find((t) => t.includes("json")) ?? Object.keys(content)[0];
  return type ? { type, media: content[type] } : undefined;
}

export function OperationView({ doc, entry }: { doc: OpenApiDocument; entry: OperationEntry }) {
  const { method, path, op, params, anchor } = entry;
  const body = deref<RequestBody>(doc, op.requestBody);
  const bodyJson = firstJson(body?.content);
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  return (
    <details id={anchor} className="group scroll-mt-20 rounded-lg border bg-card [&[open]>summary]:border-b">
      <summary className="flex cursor-pointer list-none items-center gap-3 px-4 py-2.5 hover:bg-muted/40 [&::-webkit-details-marker]:hidden">
        <MethodBadge method={method} />
        <code className="min-w-0 truncate font-mono text-sm">{path}</code>
        <span className="ml-auto hidden min-w-0 truncate text-sm text-muted-foreground sm:block">{op.summary}</span>
        {!isPublic && <Lock className="size-3.5 shrink-0 text-muted-foreground" aria-label="Requires authentication" />}
      </summary>
      <div className="grid gap-5 p-4">
        {(op.summary || op.description) && (
          <div className="grid gap-1">
            {op.summary && <p className="text-sm font-medium">{op.summary}</p>}
            {op.description && (
              <p className="whitespace-pre-line text-sm text-muted-foreground">
                <InlineCode text={op.description} />
              </p>
            )}
            {op.deprecated && <p className="text-sm text-warning">Deprecated</p>}
          </div>
        )}
        {params.length > 0 && (
          <Section title="Parameters">
            <ul className="divide-y rounded-md border">
              {params.map((p) => (
                <li key={`${p.in}:${p.name}`} className="grid gap-0.5 px-3 py-2">
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <code className="font-mono text-xs font-semibold">{p.name}</code>
                    <span className="text-xs text-muted-foreground">in {p.in}</span>
                    <span className="font-mono text-xs text-muted-foreground">{typeLabel(doc, p.schema)}</span>
                    {p.required && <span className="text-[10px] font-medium uppercase text-warning">required</span>}
                  </div>
                  {p.description && (
                    <p className="text-xs text-muted-foreground">
                      <InlineCode text={p.description} />
                    </p>
                  )}
                </li>
              ))}
            </ul>
          </Section>
        )}
        {bodyJson && (
          <Section title={`Request body · ${bodyJson.type}`}>
            {body?.description && <p className="text-xs text-muted-foreground">{body.description}</p>}
            <SchemaView doc={doc} schema={bodyJson.media.schema as never} />
          </Section>
        )}
        {op.responses && (
          <Section title="Responses">
            <div className="grid gap-3">
              {Object.entries(op.responses).map(([status, raw]) => {
                const res = deref<ResponseObject>(doc, raw);
                const json = firstJson(res?.content);
                return (
                  <div key={status} className="grid gap-1.5">
                    <div className="flex items-baseline gap-2">
                      <code className={cn("font-mono text-xs font-semibold", status.startsWith("2") ? "text-success" : status.startsWith("4") || status.startsWith("5") ? "text-destructive" : "")}>{status}</code>
                      <span className="text-xs text-muted-foreground">{res?.description && <InlineCode text={res.description} />}</span>
                    </div>
                    {json?.media.schema && status.startsWith("2") ? <SchemaView doc={doc} schema={json.media.schema as never} /> : null}
                  </div>
                );
              })}
            </div>
          </Section>
        )}
      </div>
    </details>
  );
}
