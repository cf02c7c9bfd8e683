// JSON Schema → fast-check arbitraries, for the subset the generated OpenAPI document uses:
// objects (required/optional, additionalProperties false), strings (min/maxLength, pattern,
// format email/uri/date-time, enum, const), integers/numbers with bounds, booleans, arrays
// with min/maxItems, anyOf/oneOf, `type: [T, "null"]`, `nullable` and `$ref` into components.
// `validArb` produces values that satisfy the schema; `invalidBodyArb` produces request
// bodies (as JSON text) that do not, and the test checks each one against the schema before
// sending it, so a mutation that happens to stay valid is never sent as "invalid".
import fc from "fast-check";

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  description?: string;
};

/** Resolves `#/components/...` pointers against the document. */
export type Resolver = (ref: string) => JsonSchema;

export function refResolver(doc: unknown): Resolver {
  return (ref) => {
    if (!ref.startsWith("#/")) throw new Error(`external $ref not supported: ${ref}`);
    const node = ref
      .slice(2)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>((n, k) => (n && typeof n === "object" ? (n as Record<string, unknown>)[k] : undefined), doc);
    if (!node) throw new Error(`unresolved $ref ${ref}`);
    return node as JsonSchema;
  };
}

/** The schema with every `$ref` replaced by its target (the document has no recursive schemas). */
export function inlineRefs(schema: unknown, resolve: Resolver, depth = 0): unknown {
  if (depth > 50) throw new Error("$ref nesting too deep (recursive schema?)");
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(s, resolve, depth + 1));
  if (!schema || typeof schema !== "object") return schema;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === "string") return inlineRefs(resolve(s.$ref), resolve, depth + 1);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, inlineRefs(v, resolve, depth + 1)]));
}

function types(s: JsonSchema): string[] {
  const t = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return s.nullable && !t.includes("null") ? [...t, "null"] : t;
}

// Strings that have broken real systems: NUL (PostgreSQL text refuses it), lone surrogates,
// right-to-left override, zero-width joiners, combining marks, emoji, homoglyphs, SQL/HTML.
const EDGE_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil\u202c",
  "\u200b\u200d\ufeff",
  "e\u0301\u0301\u0301",
  "👩‍👩‍👧‍👦",
  "раураl",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "${jndi:ldap://x}",
  "../../etc/passwd",
  "%00%2e%2e%2f",
  "\r\nX-Injected: 1",
  " ",
  "null",
];

/** Any string in a length range: mostly printable ASCII, sometimes full Unicode or an edge string. */
function textArb(minLength = 0, maxLength = 40): fc.Arbitrary<string> {
  const max = Math.min(maxLength, minLength + 60);
  // Edge strings shorter than minLength are padded, so they still count as valid.
  const pad = (e: string) => (e.length >= minLength ? e : e + "x".repeat(minLength - e.length));
  const edges = EDGE_STRINGS.map(pad).filter((e) => e.length <= maxLength);
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength, maxLength: max }) },
    { weight: 2, arbitrary: fc.string({ minLength, maxLength: max, unit: "binary" }) },
    { weight: 1, arbitrary: fc.string({ minLength, maxLength: max, unit: "grapheme" }) },
    { weight: edges.length ? 2 : 0, arbitrary: edges.length ? fc.constantFrom(...edges) : fc.constant("x".repeat(minLength)) },
  );
}

const isoDate = fc.date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString());

// URLs with IP-literal hosts (public, private, loopback, link-local, IPv6) or a fixed name:
// routes that resolve a URL's host (SSRF guards) would otherwise wait on DNS timeouts for the
// random names fc.webUrl() invents.
const uriArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom("http", "https"), fc.ipV4(), fc.option(fc.integer({ min: 1, max: 65535 })), fc.webPath()).map(([scheme, ip, port, p]) => `${scheme}://${ip}${port ? `:${port}` : ""}${p}`),
  fc.tuple(fc.constantFrom("http", "https"), fc.ipV6(), fc.webPath()).map(([scheme, ip, p]) => `${scheme}://[${ip}]${p}`),
  fc.constantFrom("http://localhost/", "http://127.0.0.1:9/v1", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "ftp://203.0.113.9/x"),
);

/** Field-name hints: the document types `email` as a plain string, but a valid one is an address. */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min, 64);
  if (s.format === "date-time") return isoDate;
  if (s.format === "email") return fc.emailAddress().filter((e) => e.length >= min && e.length <= max);
  if (s.format === "uri") return uriArb.filter((e) => e.length >= min && e.length <= max);
  if (s.pattern) {
    try {
      const arb = fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length >= min && v.length <= max);
      fc.sample(arb, 1); // some regex features fail only when generating
      return arb;
    } catch {
      // fast-check cannot generate from some regexes (lookarounds): arbitrary text still
      // exercises the route, and a valid case is allowed a 4xx answer.
      return textArb(min, max);
    }
  }
  return textArb(min, max);
}

/** Values that satisfy `schema`. `hints` override properties by name (e.g. email → addresses). */
export function validArb(schema: JsonSchema, resolve: Resolver, hints: Hints = {}): fc.Arbitrary<unknown> {
  if (schema.$ref) return validArb(resolve(schema.$ref), resolve, hints);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return fc.oneof(...alts.map((a) => validArb(a, resolve, hints)));
  const ts = types(schema);
  if (ts.length > 1) return fc.oneof(...ts.map((t) => validArb({ ...schema, type: t, nullable: false }, resolve, hints)));
  switch (ts[0]) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer": {
      const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
      const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "string":
      return stringArb(schema);
    case "array": {
      const item = schema.items ?? {};
      const maxLength = Math.min(schema.maxItems ?? 8, (schema.minItems ?? 0) + 8);
      // Arrays of enums (scopes…) are sets in practice; duplicates are still allowed by the schema.
      return fc.array(validArb(item, resolve, hints), { minLength: schema.minItems ?? 0, maxLength });
    }
    case "object": {
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, p] of Object.entries(props)) shape[k] = hints[k] ?? validArb(p, resolve, hints);
      return fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      // `{}`: anything JSON.
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values of a JSON type other than the ones the schema allows. */
function wrongTypeArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const ts = types(schema);
  const all: Array<[string, fc.Arbitrary<unknown>]> = [
    ["string", fc.string({ maxLength: 8 })],
    ["integer", fc.integer()],
    ["number", fc.double({ noNaN: true, noDefaultInfinity: true })],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 })],
    ["object", fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 })],
  ];
  const others = all.filter(([t]) => !ts.includes(t) && !(t === "integer" && ts.includes("number")));
  return fc.oneof(...(others.length ? others : all).map(([, a]) => a));
}

/** Values that break one constraint of a (non-object) schema: range, length, enum, pattern, format. */
function outOfRangeArb(schema: JsonSchema): fc.Arbitrary<unknown> {
  const out: fc.Arbitrary<unknown>[] = [wrongTypeArb(schema)];
  const ts = types(schema);
  if (schema.enum || schema.const !== undefined) out.push(fc.constantFrom("not-an-enum-value", "", "OWNER", "owner ", "project_admin\u0000"));
  if (ts.includes("integer") || ts.includes("number")) {
    if (schema.minimum !== undefined) out.push(fc.constantFrom(schema.minimum - 1, schema.minimum - 0.5, -1e308, Number.MIN_SAFE_INTEGER));
    if (schema.maximum !== undefined) out.push(fc.constantFrom(schema.maximum + 1, schema.maximum + 0.5, 1e308, Number.MAX_SAFE_INTEGER + 2));
    if (ts.includes("integer")) out.push(fc.constantFrom(1.5, 0.1, -2.25));
  }
  if (ts.includes("string")) {
    const max = schema.maxLength;
    if (max !== undefined) out.push(fc.integer({ min: max + 1, max: max + 2000 }).map((n) => "a".repeat(n)), fc.constant("é".repeat(max + 1)), fc.constant("x".repeat(100_000)));
    if (schema.minLength) out.push(fc.string({ maxLength: schema.minLength - 1, unit: "binary-ascii" }));
    // Not "UPPER" or " padded ": slug fields trim and lower-case before the pattern applies, by design.
    if (schema.pattern) out.push(fc.constantFrom("has space", "-leading", "trailing-", "a/b", "ünï", "a\u0000b", "a*b*", "a_b"));
    if (schema.format === "date-time") out.push(fc.constantFrom("yesterday", "2020-13-01T00:00:00Z", "2020-01-01 25:00", "1e10", ""));
    if (schema.format === "uri") out.push(fc.constantFrom("not a uri", "://", ""));
  }
  if (ts.includes("array")) {
    if (schema.minItems) out.push(fc.constant([]));
    if (schema.maxItems !== undefined) out.push(fc.array(fc.string(), { minLength: schema.maxItems + 1, maxLength: schema.maxItems + 5 }));
    if (schema.items) out.push(fc.array(wrongTypeArb(schema.items), { minLength: 1, maxLength: 3 }));
  }
  return fc.oneof(...out);
}

// Mass-assignment probes: fields a client must never be able to set through a body.
const INJECTED_KEYS = ["workspaceId", "userId", "role", "balance", "ownerId", "isAdmin", "id", "createdAt", "__proto__", "constructor", "prototype"];

function nest(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

/**
 * JSON text for request bodies that violate an object schema: malformed JSON, the wrong JSON
 * type, a missing required field, a field of the wrong type or out of range, injected fields,
 * deep nesting and oversized payloads. Built on a valid base so exactly one thing is wrong.
 */
export function invalidBodyArb(schema: JsonSchema, resolve: Resolver, hints: Hints = {}): fc.Arbitrary<string> {
  const s = schema.$ref ? resolve(schema.$ref) : schema;
  const base = validArb(s, resolve, hints) as fc.Arbitrary<Record<string, unknown>>;
  const props = Object.entries(s.properties ?? {});
  const required = s.required ?? [];
  const arbs: Array<fc.Arbitrary<string>> = [
    // Not JSON at all.
    fc.constantFrom("{", "}", "{'a':1}", '{"a":1,}', "NaN", "undefined", "\u0000", '{"a":"\\ud800', "[1,2", '{"a":1}{"b":2}', "<xml/>", "a=1&b=2", "--"),
    // Not "" (nor "\ufeff{}" above: UTF-8 decoding drops the BOM): both read as `{}`, which is
    // valid for a schema without required fields; schemas with some get them below.
    fc.string({ maxLength: 30 }).filter((t) => t !== "" && !isJson(t)),
    // JSON, but not an object.
    fc.oneof(fc.constant("null"), fc.constant("[]"), fc.constant("true"), fc.constant('"str"'), fc.constant("0"), base.map((b) => JSON.stringify([b]))),
    // Deep nesting (parsers that recurse blow the stack) and a body over the 1 MiB limit.
    fc.constantFrom(nest(5_000), nest(100_000), '{"a":' + nest(20_000) + "}"),
    fc.constant(JSON.stringify({ pad: "x".repeat(1_100_000) })),
    // Mass assignment: a valid body plus a field the schema does not allow.
    fc.tuple(base, fc.constantFrom(...INJECTED_KEYS), fc.oneof(fc.constant("ws_other"), fc.constant("owner"), fc.integer(), fc.constant({ isAdmin: true }))).map(([b, k, v]) =>
      // Spliced as text: JSON.stringify on an object drops a "__proto__" own key set by assignment.
      injectKey(JSON.stringify(b), k, v),
    ),
  ];
  if (required.length) {
    // An empty body (or a lone BOM before `{}`) reads as `{}`, so all miss every required field.
    arbs.push(fc.constantFrom("{}", "", "\ufeff{}"), fc.tuple(base, fc.constantFrom(...required)).map(([b, k]) => JSON.stringify({ ...b, [k]: undefined })));
  }
  if (props.length) {
    arbs.push(
      fc.tuple(base, fc.constantFrom(...props)).chain(([b, [k, p]]) => wrongTypeArb(p).map((v) => JSON.stringify({ ...b, [k]: v }))),
      fc.tuple(base, fc.constantFrom(...props)).chain(([b, [k, p]]) => outOfRangeArb(p).map((v) => JSON.stringify({ ...b, [k]: v }))),
    );
  }
  return fc.oneof(...arbs);
}

function injectKey(json: string, key: string, value: unknown): string {
  const entry = `${JSON.stringify(key)}:${JSON.stringify(value)}`;
  return json === "{}" ? `{${entry}}` : `{${entry},${json.slice(1)}`;
}

export function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A query-string value (always text) for a parameter schema. */
export function validQueryValueArb(schema: JsonSchema, resolve: Resolver): fc.Arbitrary<string> {
  return validArb(schema, resolve).map((v) => String(v));
}

/** Query values that break the parameter's schema. Each must be refused, never ignored. */
export function invalidQueryValueArb(schema: JsonSchema): fc.Arbitrary<string> {
  const ts = types(schema);
  const out: fc.Arbitrary<string>[] = [];
  if (ts.includes("integer") || ts.includes("number")) {
    out.push(fc.constantFrom("abc", "1.5", "1e400", "NaN", "Infinity", "0x10", "--1", "1,2"));
    if (schema.minimum !== undefined) out.push(fc.integer({ min: -1e9, max: schema.minimum - 1 }).map(String));
    if (schema.maximum !== undefined) out.push(fc.integer({ min: schema.maximum + 1, max: 1e12 }).map(String));
  }
  if (ts.includes("string")) {
    if (schema.enum) out.push(fc.constantFrom("nope", "ALL", "pending ", "active\u0000"));
    if (schema.maxLength !== undefined) out.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 5000 }).map((n) => "q".repeat(n)));
    if (schema.pattern) out.push(fc.constantFrom("UPPER", "has space", "a/b", "**", "a*b", "ünï"));
    if (schema.format === "date-time") out.push(fc.constantFrom("yesterday", "2020-13-01T00:00:00Z", "2020-01-01 25:00", "1e10", "2020-01-01T00:00:00+25:00"));
  }
  return out.length ? fc.oneof(...out) : fc.constant("");
}

/** Path-parameter junk: traversal, encodings, control characters, huge and odd Unicode values. */
export const junkPathParamArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("../", "../../etc/passwd", "..%2f..%2f", "%2e%2e", ".", "..", "", " ", "\u0000", "a\u0000b", "\ud800", "\u202e", "null", "undefined", "[object Object]", "0", "-1", "1e309", "*", "%", "?a=1", "#x", "' OR '1'='1"),
  fc.integer({ min: 65, max: 20_000 }).map((n) => "z".repeat(n)),
  fc.string({ minLength: 1, maxLength: 30, unit: "binary" }),
  fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }),
);
