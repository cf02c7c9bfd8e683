// What leaves a call for events, logs and step outputs: an upstream may echo the credential
// (in a body, an error, a header), so every secret used for the call is cut out of what it
// answered, and headers that carry credentials or sessions are dropped altogether.

const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|www-authenticate|proxy-authenticate|x-api-key|api-key|x-auth-token)$|token|secret|key|credential|session/i;

/** Replaces every occurrence of each secret (4 characters or more: shorter ones would mangle text). */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join("[redacted]");
  return out;
}

export function isSensitiveHeader(name: string): boolean {
  return SENSITIVE_HEADER.test(name);
}

/** Response headers without the sensitive ones, the rest with the secrets cut out. */
export function redactHeaders(headers: Headers, secrets: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    if (!isSensitiveHeader(k)) out[k] = redact(v, secrets);
  });
  return out;
}
