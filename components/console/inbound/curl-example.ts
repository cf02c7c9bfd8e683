import { sampleFromSchema } from "../json-schema-sample";

// The ready-to-paste sender example: the signature is computed with openssl over the exact
// bytes curl sends, so a user can check their secret and token before wiring a real sender.

/** A compact JSON body that satisfies the common trigger schemas (one value per declared property). */
export function sampleBody(inputSchema: Record<string, unknown> | null | undefined): string {
  const value = sampleFromSchema(inputSchema ?? undefined, { string: "example", number: 1, boolean: true });
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
