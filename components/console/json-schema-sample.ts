// A value shaped like a trigger's JSON Schema: the schema's own default, example or first enum
// value where it has one, else a placeholder per type. Seeds the Test run input and the
// inbound webhook's curl example.

type Schema = { type?: unknown; properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; enum?: unknown[] };
type Placeholders = { string: string; number: number; boolean: boolean };

export function sampleFromSchema(schema: Schema | undefined, placeholders: Placeholders, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return placeholders.string;
    case "number":
    case "integer":
      return placeholders.number;
    case "boolean":
      return placeholders.boolean;
    case "array":
      return [];
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sampleFromSchema(v, placeholders, depth + 1)]));
    default:
      return null;
  }
}
