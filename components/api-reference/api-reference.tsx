import { groupOperations, type OpenApiDocument } from "./types";
import { InlineCode } from "./inline-code";
import { MethodBadge, OperationView } from "./operation-view";

/** A readable reference of an OpenAPI document: operations grouped by tag, no external assets. */
export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const groups = groupOperations(doc);
  const schemes = Object.entries(doc.components?.securitySchemes ?? {});
  return (
    <div className="grid gap-8 lg:grid-cols-[13rem_minmax(0,1fr)]">
      <nav aria-label="Operations" className="hidden lg:block">
        <div className="sticky top-6 grid max-h-[calc(100vh-3rem)] gap-4 overflow-y-auto pr-2 text-sm">
          {groups.map((g) => (
            <div key={g.tag}>
              <a href={`#tag-${g.tag}`} className="font-medium hover:underline">
                {g.tag}
              </a>
              <ul className="mt-1 grid gap-0.5">
                {g.ops.map((o) => (
                  <li key={o.anchor}>
                    <a href={`#${o.anchor}`} className="flex items-center gap-2 rounded px-1 py-0.5 text-xs text-muted-foreground hover:bg-muted hover:text-foreground">
                      <MethodBadge method={o.method} className="w-11 px-1 text-[9px]" />
                      <span className="truncate">{o.op.summary ?? o.path}</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </nav>
      <div className="grid min-w-0 gap-8">
        {(doc.info?.description || schemes.length > 0) && (
          <section className="grid gap-3 rounded-lg border bg-card p-4 text-sm">
            {doc.info?.description && <p className="whitespace-pre-line text-muted-foreground">
                <InlineCode text={doc.info.description} />
              </p>}
            {schemes.length > 0 && (
              <div className="grid gap-1">
                <p className="font-medium">Authentication</p>
                <ul className="grid gap-1 text-muted-foreground">
                  {schemes.map(([name, s]) => (
                    <li key={name}>
                      <code className="font-mono text-xs text-foreground">{name}</code>
                      {" — "}
                      {s.description ? <InlineCode text={s.description} /> : (s.type === "http" ? `HTTP ${s.scheme ?? ""} authentication` : s.type === "apiKey" ? `${s.name} in ${s.in}` : s.type)}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        )}
        {groups.map((g) => (
          <section key={g.tag} id={`tag-${g.tag}`} className="grid scroll-mt-6 gap-3">
            <div>
              <h2 className="text-base font-semibold">{g.tag}</h2>
              {g.description && (
                <p className="text-sm text-muted-foreground">
                  <InlineCode text={g.description} />
                </p>
              )}
            </div>
            <div className="grid gap-2">
              {g.ops.map((o) => (
                <OperationView key={o.anchor} doc={doc} entry={o} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}
