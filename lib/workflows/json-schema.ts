import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

// JSON Schemas written by users (trigger input schemas, LLM output schemas), compiled with ajv
// (draft 2020-12). strictSchema catches typos such as `requried`; remote $refs are never
// fetched (no loadSchema), so an unresolved $ref is simply an invalid schema.

const ajv = new Ajv2020({
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allErrors: true,
  // Schemas are compiled ad hoc and must not collide through their $id across workflows.
  addUsedSchema: false,
  logger: false,
});
// ajv-formats ships CommonJS; under ESM the plugin is either the default export or the module.
const plugin = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as typeof addFormats;
plugin(ajv);

const cache = new Map<string, ValidateFunction>();
const CACHE_MAX = 500;

function compileFresh(schema: object): ValidateFunction {
  try {
    return ajv.compile(schema);
  } finally {
    // ajv keys its own cache by the schema object; drop it so one-off schemas do not pile up.
    ajv.removeSchema(schema);
  }
}

/** Why the schema does not compile, or null when it does. */
export function jsonSchemaError(schema: unknown): string | null {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return "A JSON Schema must be an object";
  try {
    compiledSchema(schema);
    return null;
  } catch (err) {
    const message = (err as Error).message;
    if (/^no schema with key or ref ".*json-schema\.org/.test(message)) return "Only JSON Schema draft 2020-12 is supported: remove $schema or set it to https://json-schema.org/draft/2020-12/schema";
    return message.slice(0, 500);
  }
}

/** The compiled validator (cached by the schema's JSON); throws when the schema is invalid. */
export function compiledSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  const fn = compileFresh(structuredClone(schema));
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, fn);
  return fn;
}

/** Validates a value; returns readable errors (`/name must be string`), empty when valid. */
export function schemaErrors(schema: object, value: unknown): { path: string; message: string }[] {
  const validate = compiledSchema(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => ({ path: e.instancePath || "(root)", message: e.message ?? "is invalid" }));
}
