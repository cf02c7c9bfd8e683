import type { ValidateFunction } from "ajv/dist/2020.js";
import { ApiError } from "@/lib/core/errors";
import { compileBounded, isValidationLimit, validateBounded } from "@/lib/workflows/bounded-schema";
import { tenantAjv } from "@/lib/workflows/tenant-ajv";

// A run's input is checked against its trigger's inputSchema (JSON Schema 2020-12) before the
// run exists, so a bad input is a 422 with one detail per problem, never a failed run.

// Patterns run on RE2, uniqueItems is linear (tenant-ajv.ts) and validation stops at a deadline
// (bounded-schema.ts): no input can stall the process.
const ajv = tenantAjv({ strict: false, allErrors: true, validateFormats: true });

// Compiled validators by schema text: a workflow's schema is compiled once per process, and
// the cache is bounded so many distinct schemas cannot grow memory without limit.
const cache = new Map<string, ValidateFunction>();
const MAX_CACHED = 500;

function validatorFor(schema: unknown): ValidateFunction {
  const text = JSON.stringify(schema ?? { type: "object" });
  let v = cache.get(text);
  if (v) return v;
  try {
    v = compileBounded(ajv, JSON.parse(text) as object);
  } catch {
    throw new ApiError("invalid_request", "The workflow's trigger input schema is not a valid JSON Schema", {
      details: [{ path: "input", message: "The trigger's inputSchema does not compile" }],
    });
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(text, v);
  return v;
}

function validates(validate: ValidateFunction, input: unknown): boolean {
  try {
    return validateBounded(validate, input);
  } catch (err) {
    if (!isValidationLimit(err)) throw err;
    throw new ApiError("invalid_request", "The input does not match the workflow's input schema", { details: [{ path: "input", message: err.message }] });
  }
}

/** Throws 422 with field details when `input` does not match `schema`. */
export function validateRunInput(schema: unknown, input: unknown): void {
  const validate = validatorFor(schema);
  if (validates(validate, input)) return;
  const details = (validate.errors ?? []).slice(0, 50).map((e) => {
    const missing = e.keyword === "required" ? `/${String((e.params as { missingProperty?: string }).missingProperty ?? "")}` : "";
    const pointer = `${e.instancePath}${missing}`;
    return { path: `input${pointer.replace(/\//g, ".")}`, message: e.message ?? "Invalid" };
  });
  throw new ApiError("invalid_request", "The input does not match the workflow's input schema", { details });
}
