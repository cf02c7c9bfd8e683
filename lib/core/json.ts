// JSON values as they are stored and sent. Imports nothing else from lib.

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * `v` as it comes back from a JSON round trip: dates become ISO strings, undefined members and
 * functions disappear, class instances become plain objects. `undefined` itself becomes null.
 */
export function toJsonValue(v: unknown): JsonValue {
  return JSON.parse(JSON.stringify(v ?? null)) as JsonValue;
}
