// Security headers for every response, as pure functions so they are unit-tested without a
// server. proxy.ts applies them to pages, the server's door (lib/api/api-door.ts) and the route
// wrappers to the API; nothing here reads the request body or the database.

type SecurityEnv = { production: boolean; development: boolean };

export function securityEnv(nodeEnv = process.env.NODE_ENV): SecurityEnv {
  return { production: nodeEnv === "production", development: nodeEnv === "development" };
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

// Google Identity Services (Sign in with Google, One Tap) needs its script, iframe, XHR and
// stylesheet origins: https://developers.google.com/identity/gsi/web/guides/get-google-api-clientid#content_security_policy
const GOOGLE_GSI = "https://accounts.google.com/gsi/";

/**
 * The console's policy: scripts only with this response's nonce ('strict-dynamic' lets them
 * load their own chunks; the host list is the CSP2 fallback for One Tap). Styles allow inline
 * because server-rendered `style=""` attributes (Radix, Next) cannot carry a nonce.
 * Development adds 'unsafe-eval' (React's debugging/refresh) and websockets for HMR.
 */
export function pageCsp(nonce: string, env: SecurityEnv): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "https://accounts.google.com/gsi/client", ...(env.development ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'", `${GOOGLE_GSI}style`],
    "img-src": ["'self'", "blob:", "data:", "https://*.googleusercontent.com"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", GOOGLE_GSI, ...(env.development ? ["ws:", "wss:"] : [])],
    "frame-src": [GOOGLE_GSI],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const parts = Object.entries(directives).map(([k, v]) => `${k} ${v.join(" ")}`);
  if (env.production) parts.push("upgrade-insecure-requests");
  return parts.join("; ");
}

/** JSON and text endpoints render nothing: forbid every fetch and any framing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// Only features browsers recognise: an unknown one (e.g. `bluetooth`, which Chromium does not
// ship as a policy feature) makes every page log "Unrecognized feature" in the console.
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "midi=()",
  "magnetometer=()",
  "gyroscope=()",
  "accelerometer=()",
  "display-capture=()",
  "browsing-topics=()",
].join(", ");

export const HSTS = "max-age=63072000; includeSubDomains; preload";

/** API and machine endpoints (no HTML): /v1, /mcp, /.well-known. */
export function isApiPath(pathname: string): boolean {
  return /^\/(v1|mcp|\.well-known)(\/|$)/.test(pathname);
}

/** Every header for a response to `pathname`; `nonce` is required for pages. */
export function securityHeaders(pathname: string, env: SecurityEnv, nonce: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": isApiPath(pathname) || !nonce ? API_CSP : pageCsp(nonce, env),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
  };
  if (env.production) headers["Strict-Transport-Security"] = HSTS;
  return headers;
}

/**
 * `res` with the headers of an API response (securityHeaders for `pathname`, no nonce) where it
 * has none of its own. The API's route wrappers answer through this, so their responses carry
 * them on any host; `npm start`'s server also puts them on every /v1 response Next makes itself
 * (lib/api/api-door.ts). A response whose headers are immutable (Response.redirect) is copied.
 */
export function withApiSecurityHeaders(res: Response, pathname: string): Response {
  const headers = Object.entries(securityHeaders(pathname, securityEnv(), null)).filter(([name]) => !res.headers.has(name));
  let out = res;
  try {
    for (const [name, value] of headers) out.headers.set(name, value);
  } catch {
    out = new Response(res.body, res);
    for (const [name, value] of headers) out.headers.set(name, value);
  }
  return out;
}
