// Compiles the OpenAPI document's JSON Schemas (draft 2020-12, as OpenAPI 3.1 uses) with ajv,
// so the fuzz tests can check "this response matches its documented schema" and "this
// generated body really violates its schema".
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { inlineRefs, type Resolver } from "./arbitraries";

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
// ajv-formats ships CommonJS; under ESM the plugin is either the default export or the module.
const plugin = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as typeof addFormats;
plugin(ajv);

const cache = new WeakMap<object, ValidateFunction>();

/** A validator for a schema from the document ($refs inlined first). */
export function validatorFor(schema: object, resolve: Resolver): ValidateFunction {
  let v = cache.get(schema);
  if (!v) {
    v = ajv.compile(inlineRefs(schema, resolve) as object);
    cache.set(schema, v);
  }
  return v;
}

/** ajv's errors as one readable line. */
export function describeErrors(v: ValidateFunction): string {
  return (v.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`).join("; ");
}
