import { Badge } from "@/components/ui/badge";
import { InlineCode } from "./inline-code";
import { deref, refName, type OpenApiDocument, type SchemaObject } from "./types";

/** A one-line type label: `string (email)`, `array<Project>`, `"owner" | "member"`. */
export function typeLabel(doc: OpenApiDocument, schema: SchemaObject | undefined): string {
  if (!schema) return "any";
  if (schema.$ref) return refName(schema.$ref);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) return variants.map((v) => typeLabel(doc, v)).join(" | ");
  if (schema.allOf?.length === 1) return typeLabel(doc, schema.allOf[0]);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const base = types
    .map((t) => (t === "array" ? `array<${typeLabel(doc, schema.items)}>` : t))
    .join(" | ") || (schema.properties ? "object" : "any");
  const fmt = schema.format ? ` (${schema.format})` : "";
  return `${base}${fmt}${schema.nullable ? " | null" : ""}`;
}

function constraints(s: SchemaObject): string[] {
  const out: string[] = [];
  if (s.minLength !== undefined) out.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) out.push(`max length ${s.maxLength}`);
  if (s.minimum !== undefined) out.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) out.push(`≤ ${s.maximum}`);
  if (s.pattern) out.push(`pattern ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

/** The object whose properties should be listed: follows refs, arrays and single allOf. */
function expandable(doc: OpenApiDocument, schema: SchemaObject | undefined, seen: Set<string>): SchemaObject | undefined {
  let s = schema;
  for (let i = 0; s && i < 5; i++) {
    if (s.$ref) {
      if (seen.has(s.$ref)) return undefined;
      seen.add(s.$ref);
      s = deref(doc, s);
      continue;
    }
    if (s.items && (Array.isArray(s.type) ? s.type.includes("array") : s.type === "array")) {
      s = s.items;
      continue;
    }
    if (s.allOf?.length === 1) {
      s = s.allOf[0];
      continue;
    }
    break;
  }
  if (!s) return undefined;
  if (s.allOf && s.allOf.length > 1) {
    const merged: SchemaObject = { type: "object", properties: {}, required: [] };
    for (const part of s.allOf) {
      const p = expandable(doc, part, seen);
      Object.assign(merged.properties!, p?.properties ?? {});
      merged.required!.push(...(p?.required ?? []));
    }
    return merged;
  }
  return s.properties ? s : undefined;
}

/** The properties of a schema as a nested list, each with type, constraints and description. */
export function SchemaView({ doc, schema, depth = 0, seen = new Set<string>() }: { doc: OpenApiDocument; schema: SchemaObject | undefined; depth?: number; seen?: Set<string> }) {
  const obj = expandable(doc, schema, new Set(seen));
  if (!obj?.properties) {
    return <p className="font-mono text-xs text-muted-foreground">{typeLabel(doc, schema)}</p>;
  }
  const nextSeen = new Set(seen);
  if (schema?.$ref) nextSeen.add(schema.$ref);
  return (
    <ul className={depth === 0 ? "divide-y rounded-md border" : "mt-2 divide-y rounded-md border bg-background/50"}>
      {Object.entries(obj.properties).map(([name, raw]) => {
        const prop = raw.$ref ? { ...deref(doc, raw), $ref: raw.$ref } : raw;
        const nested = depth < 3 ? expandable(doc, raw, new Set(nextSeen)) : undefined;
        const extra = constraints(deref(doc, raw) ?? raw);
        return (
          <li key={name} className="px-3 py-2">
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <code className="font-mono text-xs font-semibold">{name}</code>
              <span className="font-mono text-xs text-muted-foreground">{typeLabel(doc, raw)}</span>
              {obj.required?.includes(name) && (
                <Badge variant="warning" className="px-1.5 py-0 text-[10px]">
                  required
                </Badge>
              )}
              {extra.length > 0 && <span className="text-xs text-muted-foreground">{extra.join(" · ")}</span>}
            </div>
            {prop.description && (
              <p className="mt-0.5 text-xs text-muted-foreground">
                <InlineCode text={prop.description} />
              </p>
            )}
            {nested?.properties && <SchemaView doc={doc} schema={raw} depth={depth + 1} seen={nextSeen} />}
          </li>
        );
      })}
    </ul>
  );
}
