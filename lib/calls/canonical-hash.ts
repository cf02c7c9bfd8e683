import { createHash } from "node:crypto";

// The SHA-256 of a JSON value's canonical form (object keys sorted, no whitespace), so two
// listings of the same schema hash alike whatever order the upstream wrote the keys in (the
// SDK's two protocol eras already differ). Tool schemas are pinned by it and tool calls are
// named by the hash of their arguments.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function canonicalHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
