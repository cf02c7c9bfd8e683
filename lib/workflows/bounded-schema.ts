import type { Ajv2020, FuncKeywordDefinition, ValidateFunction } from "ajv/dist/2020.js";
import { RegexTextTooLongError } from "./safe-regex";

// Ajv's work grows with schema size × input size, and combinators multiply it: an anyOf of
// 20,000 consts over 20,000 items took 79 s. Validation is synchronous (in the web process, for
// a run's input), so nothing outside can stop it; it stops itself: every subschema carries a
// keyword that checks the deadline as validation passes through it. Compiling is linear in the
// schema's size, so that is capped too.

/** Most subschemas (objects) a tenant's JSON Schema may have: compiling stays under about 0.5 s. */
export const MAX_SCHEMA_NODES = 2000;
/** Longest one validation may run. */
export const VALIDATION_DEADLINE_MS = 500;

const DEADLINE_KEYWORD = "x-agentruntime-deadline";
const SCHEMA_VALUED = ["additionalProperties", "propertyNames", "items", "contains", "not", "if", "then", "else", "unevaluatedItems", "unevaluatedProperties", "additionalItems"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const SCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"];

class SchemaTooLargeError extends Error {
  constructor() {
    super(`The schema has more than ${MAX_SCHEMA_NODES} subschemas`);
    this.name = "SchemaTooLargeError";
  }
}

class ValidationTimeoutError extends Error {
  constructor() {
    super(`Checking it against the schema took longer than ${VALIDATION_DEADLINE_MS} ms and was stopped`);
    this.name = "ValidationTimeoutError";
  }
}

let deadline = Infinity;
let ticks = 0;

/** Registered on every tenant Ajv: a no-op that throws once the current validation's deadline passed. */
export const deadlineKeyword: FuncKeywordDefinition = {
  keyword: DEADLINE_KEYWORD,
  schemaType: "boolean",
  errors: false,
  validate: () => {
    // The clock is read every 256 subschema visits: cheap, and still within microseconds.
    if ((++ticks & 0xff) === 0 && performance.now() > deadline) throw new ValidationTimeoutError();
    return true;
  },
};

/** A copy of the schema with the deadline keyword in every subschema; throws SchemaTooLargeError. */
function withDeadlineChecks(schema: object): object {
  const copy = structuredClone(schema) as Record<string, unknown>;
  const stack: unknown[] = [copy];
  let nodes = 0;
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || Array.isArray(node)) continue;
    if (++nodes > MAX_SCHEMA_NODES) throw new SchemaTooLargeError();
    const s = node as Record<string, unknown>;
    s[DEADLINE_KEYWORD] = true;
    for (const k of SCHEMA_VALUED) stack.push(s[k]);
    for (const k of SCHEMA_LISTS) if (Array.isArray(s[k])) stack.push(...(s[k] as unknown[]));
    for (const k of SCHEMA_MAPS) if (s[k] && typeof s[k] === "object" && !Array.isArray(s[k])) stack.push(...Object.values(s[k] as object));
  }
  return copy;
}

/** Compiles a tenant's schema (at most MAX_SCHEMA_NODES subschemas) so that its validation can stop itself. */
export function compileBounded(ajv: Ajv2020, schema: object): ValidateFunction {
  const bounded = withDeadlineChecks(schema);
  try {
    return ajv.compile(bounded);
  } finally {
    // Ajv keeps every schema object it compiled; callers cache what they need.
    ajv.removeSchema(bounded);
  }
}

/** Validates within VALIDATION_DEADLINE_MS; throws ValidationTimeoutError past it. */
export function validateBounded(validate: ValidateFunction, data: unknown): boolean {
  const outer = deadline;
  deadline = Math.min(outer, performance.now() + VALIDATION_DEADLINE_MS);
  try {
    return validate(data) as boolean;
  } finally {
    deadline = outer;
  }
}

/** A validation stopped by a limit (deadline, regex work bound) rather than answered. */
export function isValidationLimit(err: unknown): err is Error {
  return err instanceof ValidationTimeoutError || err instanceof RegexTextTooLongError;
}
