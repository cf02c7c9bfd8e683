/**
 * Where to go after signing in: a same-site path only. "//evil.example" and "/\evil" are
 * protocol-relative in browsers, so they are refused along with absolute URLs.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}
