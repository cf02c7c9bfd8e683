import { jsonSchema, Output } from "ai";
import { z } from "zod";
import { LlmError } from "./errors";

export type JsonSchemaObject = Record<string, unknown>;

/**
 * An AI SDK structured output for a plain JSON Schema. The SDK sends the schema to the vendor
 * (response_format, output_config or a JSON tool) and parses the answer; zod, built from the
 * same schema, validates it, so a mismatch ends as llm_invalid_output.
 */
export function jsonOutput(schema: JsonSchemaObject) {
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
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
