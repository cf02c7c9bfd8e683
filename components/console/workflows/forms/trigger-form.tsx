"use client";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import * as TabsPrimitive from "@radix-ui/react-tabs";
import { Tabs, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { FIELD_TYPES, fieldsFromSchema, schemaFromFields, unrepresentable, type FieldType, type SchemaField } from "@/lib/client/schema-fields";
import type { NodeOf } from "@/lib/schemas/workflow-graph";
import { JsonField, type FormProps } from "./kit";

// The trigger's input as a form builder (fields → JSON Schema), with the raw JSON Schema as the
// advanced tab. Each tab mounts from the current schema, so edits in one show in the other; a
// schema the builder cannot show opens on the JSON tab and the builder says why.

type Config = NodeOf<"trigger">["config"];
type Row = SchemaField & { key: number; enumText: string };

const TYPE_OPTIONS = FIELD_TYPES.map((t) => ({ value: t, label: t }));
const canEnum = (t: FieldType) => t === "string" || t === "number" || t === "integer";

function parseEnum(text: string, type: FieldType): (string | number)[] | undefined {
  const parts = text.split(",").map((p) => p.trim()).filter(Boolean);
  if (!parts.length || !canEnum(type)) return undefined;
  if (type === "string") return parts;
  const nums = parts.map(Number).filter((n) => Number.isFinite(n) && (type === "number" || Number.isInteger(n)));
  return nums.length ? nums : undefined;
}

let nextKey = 1;
const toRow = (f: SchemaField): Row => ({ ...f, key: nextKey++, enumText: f.enum?.join(", ") ?? "" });

function FieldsBuilder({ idPrefix, schema, onSchema, readOnly, error }: { idPrefix: string; schema: unknown; onSchema: (s: Record<string, unknown>) => void; readOnly: boolean; error?: string }) {
  const [rows, setRows] = useState<Row[]>(() => fieldsFromSchema(schema).map(toRow));
  const update = (next: Row[]) => {
    setRows(next);
    onSchema(schemaFromFields(next.map(({ key: _k, enumText, ...f }) => ({ ...f, enum: parseEnum(enumText, f.type) }))));
  };
  const set = (i: number, patch: Partial<Row>) => update(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const names = rows.map((r) => r.name.trim());

  return (
    <div className="grid gap-3">
      {rows.length === 0 && <p className="text-xs text-muted-foreground">No fields: runs take any JSON object. Add the fields a run needs.</p>}
      <ol className="grid gap-3" aria-label="Input fields">
        {rows.map((r, i) => {
          const dup = r.name.trim() !== "" && names.indexOf(r.name.trim()) !== i;
          const label = r.name || `field ${i + 1}`;
          return (
            <li key={r.key} className="grid gap-2 rounded-md border p-2" data-testid={`input-field-${i}`}>
              <div className="flex items-center gap-2">
                <Input
                  aria-label={`Field ${i + 1} name`}
                  aria-invalid={dup || (!r.name.trim() && rows.length > 0) || undefined}
                  value={r.name}
                  onChange={(e) => set(i, { name: e.target.value.replace(/\s/g, "_") })}
                  readOnly={readOnly}
                  placeholder="name"
                  className="h-8 min-w-0 flex-1 font-mono text-xs"
                  autoComplete="off"
                />
                <OptionSelect className="h-8 w-28" label={`Field ${i + 1} type`} value={r.type} options={TYPE_OPTIONS} onValueChange={(type) => set(i, { type })} disabled={readOnly} />
                {!readOnly && (
                  <Button type="button" variant="ghost" size="icon" className="size-8" aria-label={`Remove ${label}`} onClick={() => update(rows.filter((_, j) => j !== i))}>
                    <Trash2 className="size-3.5" aria-hidden />
                  </Button>
                )}
              </div>
              {dup && <p className="text-xs text-destructive">Another field has this name; only the last one is kept.</p>}
              {!r.name.trim() && <p className="text-xs text-muted-foreground">A field without a name is left out of the schema.</p>}
              <Input aria-label={`Field ${i + 1} description`} value={r.description ?? ""} onChange={(e) => set(i, { description: e.target.value || undefined })} readOnly={readOnly} placeholder="Description (optional)" className="h-8 text-xs" />
              {canEnum(r.type) && (
                <Input aria-label={`Field ${i + 1} allowed values`} value={r.enumText} onChange={(e) => set(i, { enumText: e.target.value })} readOnly={readOnly} placeholder="Allowed values, comma-separated (optional)" className="h-8 text-xs" />
              )}
              <label className="flex items-center gap-2 text-xs">
                <Checkbox checked={r.required} onChange={(e) => set(i, { required: e.target.checked })} disabled={readOnly} aria-label={`Field ${i + 1} required`} /> Required
              </label>
            </li>
          );
        })}
      </ol>
      {!readOnly && (
        <Button type="button" variant="outline" size="sm" className="justify-self-start" onClick={() => update([...rows, toRow({ name: "", type: "string", required: false })])}>
          <Plus className="size-3.5" aria-hidden /> Add field
        </Button>
      )}
      {error && <p className="text-xs text-destructive">{error}</p>}
      <p id={`${idPrefix}-fields-hint`} className="text-xs text-muted-foreground">
        Runs are refused when their input does not match.
      </p>
    </div>
  );
}

export function TriggerForm({ idPrefix, config, onChange, errors, readOnly, onJsonError }: FormProps<Config>) {
  const why = unrepresentable(config.inputSchema);
  const [tab, setTab] = useState(why ? "json" : "fields");
  const onSchema = (inputSchema: Record<string, unknown>) => onChange({ ...config, inputSchema });
  return (
    <div className="grid gap-2">
      <span className="text-sm font-medium">Input</span>
      <Tabs value={tab} onValueChange={setTab}>
        <TabsList aria-label="Input editor">
          <TabsTrigger value="fields">Fields</TabsTrigger>
          <TabsTrigger value="json">JSON Schema (advanced)</TabsTrigger>
        </TabsList>
        <TabsPrimitive.Content value="fields" className="pt-3">
          {why ? (
            <Alert>
              This schema uses more than the field builder can show. {why} Edit it in the JSON Schema tab.
            </Alert>
          ) : (
            <FieldsBuilder idPrefix={idPrefix} schema={config.inputSchema} onSchema={onSchema} readOnly={readOnly} error={errors.inputSchema} />
          )}
        </TabsPrimitive.Content>
        <TabsPrimitive.Content value="json" className="pt-3">
          <JsonField
            id={`${idPrefix}-input-schema`}
            label="Input schema (JSON Schema)"
            hint="Runs are refused when their input does not match."
            error={errors.inputSchema}
            value={config.inputSchema}
            onChange={(v) => onSchema(v ?? { type: "object" })}
            onJsonError={(m) => onJsonError("inputSchema", m)}
            readOnly={readOnly}
            rows={12}
          />
        </TabsPrimitive.Content>
      </Tabs>
    </div>
  );
}
