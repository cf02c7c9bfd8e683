import { sampleFromSchema } from "../../json-schema-sample";

// A starting point for the Test run input, from the trigger's JSON Schema: one placeholder
// per declared property (examples and defaults when the schema has them).

export function sampleInput(inputSchema: Record<string, unknown> | undefined): string {
  const value = sampleFromSchema(inputSchema, { string: "", number: 0, boolean: false });
  return JSON.stringify(value ?? {}, null, 2);
}
