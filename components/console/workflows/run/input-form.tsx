"use client";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { OptionSelect } from "@/components/ui/select";
import type { SchemaField } from "@/lib/client/schema-fields";
import { TextArea } from "../forms/kit";

export type FormValues = Record<string, string | boolean | undefined>;

const NONE = "__none__";

function labelOf(f: SchemaField) {
  return (
    <>
      {f.name}
      {f.required && (
        <span className="text-destructive" aria-hidden>
          {" "}
          *
        </span>
      )}
      {" "}
      <span className="ml-1 font-mono text-[11px] font-normal text-muted-foreground">{f.type}</span>
      {f.required && <span className="sr-only"> (required)</span>}
    </>
  );
}

/** One typed control per field of the trigger's input; `errors` by field name ("" for the whole input). */
export function InputForm({ idPrefix, fields, values, onChange, errors }: { idPrefix: string; fields: SchemaField[]; values: FormValues; onChange: (v: FormValues) => void; errors: Record<string, string> }) {
  const set = (name: string, v: string | boolean | undefined) => onChange({ ...values, [name]: v });
  return (
    <div className="grid gap-3" data-testid="run-input-form">
      {fields.map((f) => {
        const id = `${idPrefix}-${f.name}`;
        const value = values[f.name];
        const text = typeof value === "string" ? value : "";
        if (f.type === "boolean") {
          return (
            <div key={f.name} className="grid gap-1">
              <label className="flex items-center gap-2 text-sm font-medium" htmlFor={id}>
                <Checkbox id={id} checked={value === true} onChange={(e) => set(f.name, e.target.checked)} aria-invalid={errors[f.name] ? true : undefined} aria-describedby={errors[f.name] ? `${id}-error` : undefined} />
                {labelOf(f)}
              </label>
              {errors[f.name] ? (
                <p id={`${id}-error`} className="text-xs text-destructive">
                  {errors[f.name]}
                </p>
              ) : f.description ? (
                <p className="text-xs text-muted-foreground">{f.description}</p>
              ) : null}
            </div>
          );
        }
        let control: React.ReactElement<{ id?: string }>;
        if (f.enum?.length) {
          const options = [...(f.required ? [] : [{ value: NONE, label: "—" }]), ...f.enum.map((v) => ({ value: String(v), label: String(v) }))];
          control = <OptionSelect id={id} value={text || (f.required ? String(f.enum[0]) : NONE)} options={options} onValueChange={(v) => set(f.name, v === NONE ? "" : v)} />;
        } else if (f.type === "object" || f.type === "array") {
          control = <TextArea value={text} onChange={(e) => set(f.name, e.target.value)} rows={3} className="font-mono text-xs" placeholder={f.type === "array" ? "[ ]" : "{ }"} />;
        } else {
          control = (
            <Input
              value={text}
              onChange={(e) => set(f.name, e.target.value)}
              inputMode={f.type === "integer" ? "numeric" : f.type === "number" ? "decimal" : undefined}
              className={f.type === "string" ? undefined : "font-mono"}
              autoComplete="off"
              aria-required={f.required || undefined}
            />
          );
        }
        return (
          <Field key={f.name} id={id} label={labelOf(f)} hint={f.description} error={errors[f.name]}>
            {control}
          </Field>
        );
      })}
      {errors[""] && <p className="text-xs text-destructive">{errors[""]}</p>}
    </div>
  );
}
