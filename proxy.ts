import { NextResponse, type NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/api/method-not-allowed";
import { requestMeta } from "@/lib/http/request-context";
import { refusedMethod } from "@/lib/http/route-methods";
import { createNonce, isApiPath, securityEnv, securityHeaders } from "@/lib/http/security-headers";

// Runs before every route (Next 16 "proxy", formerly middleware): security headers on every
// response, a CSP nonce for pages, and an X-Request-Id that the API wrapper then reuses
// (it accepts a well-formed incoming id), so logs, error bodies and headers agree.
// A method a /v1 route does not answer is refused here with the JSON 405 (Next's own is an
// empty body); TRACE never gets this far (lib/api/refuse-trace.ts).
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const env = securityEnv();
  const nonce = isApiPath(pathname) ? null : createNonce();
  const headers = securityHeaders(pathname, env, nonce);
  const requestId = requestMeta(request).requestId;

  const allow = /^\/v1(\/|$)/.test(pathname) ? refusedMethod(request.method, pathname) : null;
  if (allow) {
    const refused = methodNotAllowed(request.method, allow, requestId);
    for (const [name, value] of Object.entries(headers)) refused.headers.set(name, value);
    return refused;
  }

  const forwarded = new Headers(request.headers);
  forwarded.set("x-request-id", requestId);
  if (nonce) {
    // Next reads the nonce from the request's CSP header and stamps it on its own scripts.
    forwarded.set("x-nonce", nonce);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]);
  }

  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  response.headers.set("X-Request-Id", requestId);
  return response;
}

export const config = {
  // Everything except build assets (immutable, fingerprinted files) — pages, API, .well-known.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
