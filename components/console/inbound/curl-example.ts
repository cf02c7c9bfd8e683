// The ready-to-paste sender example: the signature is computed with openssl over the exact
// bytes curl sends, so a user can check their secret and token before wiring a real sender.

type Schema = { type?: unknown; properties?: Record<string, Schema>; default?: unknown; examples?: unknown[]; enum?: unknown[] };

function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 4) return null;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  switch (schema.type) {
    case "string":
      return "example";
    case "number":
    case "integer":
      return 1;
    case "boolean":
      return true;
    case "array":
      return [];
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, depth + 1)]));
    default:
      return null;
  }
}

/** A compact JSON body that satisfies the common trigger schemas (one value per declared property). */
export function sampleBody(inputSchema: Record<string, unknown> | null | undefined): string {
  const value = sample(inputSchema as Schema | undefined);
  return JSON.stringify(value && typeof value === "object" && !Array.isArray(value) ? value : {});
}

/** Single-quoted for POSIX shells: the only character to escape is the quote itself. */
const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlExample(v: { url: string; secret: string; token: string; body: string }): string {
  return [
    `URL=${shellQuote(v.url)}`,
    `SECRET=${shellQuote(v.secret)}`,
    `TOKEN=${shellQuote(v.token)}`,
    `BODY=${shellQuote(v.body)}`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST "$URL" \\`,
    `  -H "Authorization: Bearer $TOKEN" \\`,
    `  -H "X-Agentruntime-Signature: sha256=$SIG" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d "$BODY"`,
  ].join("\n");
}
