import { forbidden } from "@/lib/core/errors";

/**
 * The origins our own pages are served from (scheme, host and port, as the browser sees them):
 * - APP_URL when set: behind a TLS-terminating proxy the app itself sees plain http on an
 *   internal address, while browsers send the public `https://…` origin;
 * - the request's own origin: the scheme and host a proxy reports in X-Forwarded-Proto /
 *   X-Forwarded-Host, else the URL's scheme and the Host header (Next's server fills the
 *   forwarded headers from the socket and Host when no proxy did). The browser writes Host
 *   itself, and a cross-site page cannot add X-Forwarded-* to a request without a CORS
 *   preflight we never grant, so another site cannot make its origin match; the console
 *   opened at another name of this server (127.0.0.1, a LAN address) still works.
 * Behind a proxy, forward X-Forwarded-Proto and X-Forwarded-Host, or set APP_URL.
 */
function appOrigins(req: Request): string[] {
  const url = new URL(req.url);
  const proto = firstValue(req.headers.get("x-forwarded-proto")) ?? url.protocol.replace(/:$/, "");
  const host = firstValue(req.headers.get("x-forwarded-host")) ?? req.headers.get("host") ?? url.host;
  const configured = process.env.APP_URL?.trim();
  return [configured ? originOf(configured) : null, originOf(`${proto}://${host}`)].filter((o): o is string => o !== null);
}

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Lax already blocks
 * most cross-site posts; this closes the rest: same-site subdomains, another port of the same
 * host, and an `http://` page of our host writing to the `https://` app.
 */
export function checkSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.get("origin");
  if (!origin) return; // non-browser clients send none; browsers always do on cross-origin writes
  // `null` (sandboxed frames, some redirects) or anything unparsable is never our page.
  const sent = originOf(origin);
  if (!sent || !appOrigins(req).includes(sent)) throw forbidden("Cross-origin request refused", { reason: "cross_origin" });
}

/** `https://Example.com:443/x` → `https://example.com`: default ports dropped, host lower-cased. */
export function originOf(value: string): string | null {
  try {
    const { protocol, origin } = new URL(value);
    return protocol === "http:" || protocol === "https:" ? origin : null;
  } catch {
    return null;
  }
}

function firstValue(header: string | null): string | null {
  return header?.split(",")[0]?.trim() || null;
}
