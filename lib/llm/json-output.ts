import { jsonSchema, Output } from "ai";
import { z } from "zod";
import { LlmError } from "./errors";

export type JsonSchemaObject = Record<string, unknown>;

// Keywords whose values are data, not subschemas: a `pattern` key there is left alone.
const DATA_KEYWORDS = new Set(["const", "enum", "default", "examples"]);
// Keywords whose values map names to subschemas: the names are not keywords.
const MAP_KEYWORDS = new Set(["properties", "$defs", "definitions", "dependentSchemas"]);

/**
 * The schema without `pattern` and `patternProperties`: zod would compile them to native,
 * backtracking RegExps over the model's answer (a tenant's pattern could stall the process).
 * The run engine checks the answer against the full schema afterwards, with patterns on RE2.
 */
function withoutPatterns(schema: JsonSchemaObject): JsonSchemaObject {
  const copy = structuredClone(schema);
  const stack: unknown[] = [copy];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const obj = node as Record<string, unknown>;
    if (typeof obj.pattern === "string") delete obj.pattern;
    if (obj.patternProperties && typeof obj.patternProperties === "object") {
      delete obj.patternProperties;
      // Keys the patterns allowed must not become "additional" ones.
      if (obj.additionalProperties === false) delete obj.additionalProperties;
    }
    for (const [k, v] of Object.entries(obj)) {
      if (MAP_KEYWORDS.has(k) && v && typeof v === "object") stack.push(...Object.values(v));
      else if (!DATA_KEYWORDS.has(k)) stack.push(v);
    }
  }
  return copy;
}

/**
 * An AI SDK structured output for a plain JSON Schema. The SDK sends the schema to the vendor
 * (response_format, output_config or a JSON tool) and parses the answer; zod, built from the
 * same schema less its patterns, validates it, so a mismatch ends as llm_invalid_output.
 */
export function jsonOutput(schema: JsonSchemaObject) {
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(withoutPatterns(schema) as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    throw new LlmError("llm_bad_request", "The JSON schema is not valid");
  }
  return Output.object({
    schema: jsonSchema<unknown>(schema, {
      validate: (value) => {
        const r = validator.safeParse(value);
        return r.success ? { success: true, value: r.data } : { success: false, error: new Error("Output does not match the JSON schema") };
      },
    }),
  });
}
