import type { ValidateFunction } from "ajv/dist/2020.js";
import { compileBounded, isValidationLimit, validateBounded } from "./bounded-schema";
import { UnsupportedRegexError } from "./safe-regex";
import { tenantAjv } from "./tenant-ajv";

// JSON Schemas written by users (trigger input schemas, LLM output schemas), compiled with ajv
// (draft 2020-12). strictSchema catches typos such as `requried`; remote $refs are never
// fetched (no loadSchema), so an unresolved $ref is simply an invalid schema. Patterns run on
// RE2 (tenant-ajv.ts): one RE2 cannot compile makes the schema invalid, and so do more than
// MAX_SCHEMA_NODES subschemas; validation stops at a deadline (bounded-schema.ts).

const ajv = tenantAjv({
  strictSchema: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allErrors: true,
  // Schemas are compiled ad hoc and must not collide through their $id across workflows.
  addUsedSchema: false,
  logger: false,
});

const cache = new Map<string, ValidateFunction>();
const CACHE_MAX = 500;

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

/** Why RE2 cannot run one of the schema's patterns, or null (also when it is invalid for another reason). */
export function schemaRegexError(schema: unknown): string | null {
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) return null;
  try {
    compiledSchema(schema);
    return null;
  } catch (err) {
    return err instanceof UnsupportedRegexError ? err.message : null;
  }
}

/** The compiled validator (cached by the schema's JSON); throws when the schema is invalid. */
function compiledSchema(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  const fn = compileBounded(ajv, schema);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, fn);
  return fn;
}

/** Validates a value; returns readable errors (`/name must be string`), empty when valid. */
export function schemaErrors(schema: object, value: unknown): { path: string; message: string }[] {
  const validate = compiledSchema(schema);
  try {
    if (validateBounded(validate, value)) return [];
  } catch (err) {
    if (isValidationLimit(err)) return [{ path: "(root)", message: err.message }];
    throw err;
  }
  return (validate.errors ?? []).slice(0, 20).map((e) => ({ path: e.instancePath || "(root)", message: e.message ?? "is invalid" }));
}
