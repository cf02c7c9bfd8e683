import { Ajv2020, type ErrorObject, type FuncKeywordDefinition, type Options } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { deadlineKeyword } from "./bounded-schema";
import { ajvRegExp } from "./safe-regex";

// The Ajv every tenant-written JSON Schema is compiled with. What a tenant controls must not be
// able to stall the process: `pattern` and `patternProperties` run on RE2 (safe-regex.ts), and
// `uniqueItems` hashes each item instead of comparing every pair (Ajv's built-in is quadratic for
// object and array items: a 1 MiB array of 150,000 small arrays took minutes), and schemas
// compiled with compileBounded stop at a deadline (bounded-schema.ts).

/** Equal JSON values (object keys in any order) give equal strings. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])) : v,
  );
}

const uniqueItems: FuncKeywordDefinition = {
  keyword: "uniqueItems",
  type: "array",
  schemaType: "boolean",
  errors: true,
  validate: function validate(schema: boolean, data: unknown[]): boolean {
    if (!schema) return true;
    const seen = new Map<string, number>();
    for (let i = 0; i < data.length; i++) {
      const key = canonical(data[i]);
      const j = seen.get(key);
      if (j !== undefined) {
        const error: Partial<ErrorObject> = { keyword: "uniqueItems", message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, params: { i, j } };
        (validate as { errors?: Partial<ErrorObject>[] }).errors = [error];
        return false;
      }
      seen.set(key, i);
    }
    return true;
  },
};

// ajv-formats ships CommonJS; under ESM the plugin is either the default export or the module.
const formats = ((addFormats as unknown as { default?: typeof addFormats }).default ?? addFormats) as typeof addFormats;

/** A draft 2020-12 Ajv with formats, RE2 patterns, a linear uniqueItems and the deadline keyword. */
export function tenantAjv(options: Options): Ajv2020 {
  const ajv = new Ajv2020({ ...options, code: { ...options.code, regExp: ajvRegExp } });
  formats(ajv);
  ajv.removeKeyword("uniqueItems");
  ajv.addKeyword(uniqueItems);
  ajv.addKeyword(deadlineKeyword);
  return ajv;
}
