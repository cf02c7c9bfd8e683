// The trigger's input JSON Schema as a list of fields (the editor's form builder) and back, and
// a run input built from form values. Only schemas the builder can show are turned into fields:
// an object of flat properties with type, description and enum; anything else (nested
// properties, patterns, $defs, …) stays in the raw JSON Schema tab.

export const FIELD_TYPES = ["string", "number", "integer", "boolean", "object", "array"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];
export type SchemaField = { name: string; type: FieldType; required: boolean; description?: string; enum?: (string | number)[] };

type Json = Record<string, unknown>;
const ROOT_KEYS = new Set(["type", "properties", "required"]);
const FIELD_KEYS = new Set(["type", "description", "enum"]);

const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);

/** Why the builder cannot show this schema, or null when it can. */
export function unrepresentable(schema: unknown): string | null {
  if (!isObject(schema) || schema.type !== "object") return "The input is not a JSON object schema.";
  const extra = Object.keys(schema).filter((k) => !ROOT_KEYS.has(k));
  if (extra.length) return `It uses ${extra.map((k) => `"${k}"`).join(", ")}.`;
  const props = schema.properties ?? {};
  if (!isObject(props)) return "Its properties are not an object.";
  const required = schema.required ?? [];
  if (!Array.isArray(required) || required.some((r) => typeof r !== "string" || !(r in props))) return "Its required list names unknown fields.";
  for (const [name, p] of Object.entries(props)) {
    if (!isObject(p)) return `Field "${name}" is not a schema.`;
    const keys = Object.keys(p).filter((k) => !FIELD_KEYS.has(k));
    if (keys.length) return `Field "${name}" uses ${keys.map((k) => `"${k}"`).join(", ")}.`;
    if (!FIELD_TYPES.includes(p.type as FieldType)) return `Field "${name}" has no single type.`;
    if (p.description !== undefined && typeof p.description !== "string") return `Field "${name}" has a non-text description.`;
    if (p.enum !== undefined) {
      const want = p.type === "string" ? "string" : p.type === "number" || p.type === "integer" ? "number" : null;
      if (!want || !Array.isArray(p.enum) || p.enum.length === 0 || p.enum.some((v) => typeof v !== want)) return `Field "${name}" has an enum the builder cannot show.`;
    }
  }
  return null;
}

/** The fields of a schema the builder can show (check `unrepresentable` first). */
export function fieldsFromSchema(schema: unknown): SchemaField[] {
  if (unrepresentable(schema)) return [];
  const s = schema as { properties?: Record<string, Json>; required?: string[] };
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, p]) => ({
    name,
    type: p.type as FieldType,
    required: required.has(name),
    ...(typeof p.description === "string" ? { description: p.description } : {}),
    ...(Array.isArray(p.enum) ? { enum: p.enum as (string | number)[] } : {}),
  }));
}

/** The JSON Schema of a list of fields (fields without a name are left out). */
export function schemaFromFields(fields: SchemaField[]): Json {
  const named = fields.filter((f) => f.name.trim() !== "");
  const properties: Record<string, Json> = {};
  for (const f of named) {
    const canEnum = f.type === "string" || f.type === "number" || f.type === "integer";
    properties[f.name] = {
      type: f.type,
      ...(f.description ? { description: f.description } : {}),
      ...(canEnum && f.enum?.length ? { enum: f.enum } : {}),
    };
  }
  const required = named.filter((f) => f.required).map((f) => f.name);
  return { type: "object", ...(named.length ? { properties } : {}), ...(required.length ? { required } : {}) };
}

/** Form text of each field → a run input, and the fields whose text is not of their type. */
export function inputFromForm(fields: SchemaField[], values: Record<string, string | boolean | undefined>): { input: Json; errors: Record<string, string> } {
  const input: Json = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "boolean") {
      if (v !== undefined) input[f.name] = v === true;
      continue;
    }
    const text = typeof v === "string" ? v : "";
    // An empty optional field is left out; an empty required one is sent, so the API names it.
    if (text.trim() === "" && !f.required) continue;
    if (f.type === "string") input[f.name] = text;
    else if (f.type === "number" || f.type === "integer") {
      const n = Number(text.trim());
      if (text.trim() === "" || !Number.isFinite(n)) input[f.name] = text;
      else input[f.name] = n;
    } else {
      try {
        input[f.name] = JSON.parse(text);
      } catch {
        errors[f.name] = `Not valid JSON (an ${f.type})`;
      }
    }
  }
  return { input, errors };
}

/** Form text of each field from an input value (the JSON tab → the form). */
export function formFromInput(fields: SchemaField[], input: unknown): Record<string, string | boolean | undefined> {
  const obj = isObject(input) ? input : {};
  const out: Record<string, string | boolean | undefined> = {};
  for (const f of fields) {
    const v = obj[f.name];
    if (v === undefined) out[f.name] = f.type === "boolean" ? undefined : "";
    else if (f.type === "boolean") out[f.name] = v === true;
    else if (typeof v === "string") out[f.name] = v;
    else out[f.name] = f.type === "object" || f.type === "array" ? JSON.stringify(v, null, 2) : String(v);
  }
  return out;
}

/** API details (`input.amount: must be number`) by field name; problems of the whole input under "". */
export function errorsByField(details: { path: string; message: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details ?? []) {
    const m = /^input\.([^.[\]]+)/.exec(d.path);
    const key = m ? m[1] : "";
    out[key] ??= d.message;
  }
  return out;
}

/**
 * The fields of a run's input form: more lenient than the builder, keywords it cannot edit
 * (minLength, format…) are checked by the API. Empty when a property has no single type (the
 * input is then JSON only).
 */
export function runFormFields(schema: unknown): SchemaField[] {
  if (!isObject(schema) || schema.type !== "object" || !isObject(schema.properties ?? {})) return [];
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const out: SchemaField[] = [];
  for (const [name, p] of Object.entries(props)) {
    if (!isObject(p) || !FIELD_TYPES.includes(p.type as FieldType)) return [];
    const type = p.type as FieldType;
    const enumOk = Array.isArray(p.enum) && p.enum.length > 0 && p.enum.every((v) => (type === "string" ? typeof v === "string" : (type === "number" || type === "integer") && typeof v === "number"));
    out.push({ name, type, required: required.has(name), ...(typeof p.description === "string" ? { description: p.description } : {}), ...(enumOk ? { enum: p.enum as (string | number)[] } : {}) });
  }
  return out;
}
