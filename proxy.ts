import { NextResponse, type NextRequest } from "next/server";
import { requestMeta } from "@/lib/http/request-context";
import { createNonce, isApiPath, securityEnv, securityHeaders } from "@/lib/http/security-headers";

// Runs before every route but the API's (Next 16 "proxy", formerly middleware): security headers
// on every response, a CSP nonce for pages, and an X-Request-Id that a route then reuses (it
// accepts a well-formed incoming id), so logs, error bodies and headers agree.
// /v1 is left out (the matcher): this step costs a request about 0.45 ms, so the API gets the
// same from the server's door instead (lib/api/api-door.ts: request id, security headers, the
// JSON 405 for a method a route does not export) and from its route wrapper.
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const env = securityEnv();
  const nonce = isApiPath(pathname) ? null : createNonce();
  const headers = securityHeaders(pathname, env, nonce);
  const requestId = requestMeta(request).requestId;

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
  // Everything except build assets (immutable, fingerprinted files) and the API (/v1: see above).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|v1/|v1$).*)"],
};
