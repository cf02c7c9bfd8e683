// Which headers of a caller's request never reach a tool, through the gateway's proxy or a
// console test call alike: credentials of any kind (the tool's own is injected instead), and
// claims of identity or origin that only the platform may make. Hop-by-hop and framing headers
// are the caller's business to drop (each has its own transport).

const WITHHELD = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-auth-token|x-amz-.*|x-goog-.*|x-end-user-id|x-agentruntime-.*|x-request-id|forwarded|x-forwarded-.*|x-real-ip)$|token|secret|password|credential|session|signature|(^|[-_])(auth|key)$/i;
/** Named like a key, but a request's identity for the tool's own retries, not a credential. */
const PASSED = new Set(["idempotency-key"]);

/** True when the header (lower-case name) must not be forwarded; `credentialName` is the tool's own credential header. */
export function isWithheldHeader(name: string, credentialName: string | null): boolean {
  if (PASSED.has(name)) return false;
  return name === credentialName?.toLowerCase() || WITHHELD.test(name);
}
