// A starting point for the Test run input, from the trigger's JSON Schema: one placeholder
// per declared property (examples and defaults when the schema has them).

type Schema = { type?: unknown; properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; enum?: unknown[] };

function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return "";
    case "number":
    case "integer":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    default:
      return null;
  }
}

export function sampleInput(inputSchema: Record<string, unknown> | undefined): string {
  const value = sample(inputSchema as Schema | undefined);
  return JSON.stringify(value ?? {}, null, 2);
}
