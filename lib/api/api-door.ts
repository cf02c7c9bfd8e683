import http from "node:http";
import { requestIdFrom } from "@/lib/http/request-context";
import { refusedMethod, ROUTE_METHODS, type Route } from "@/lib/http/route-methods";
import { securityEnv, securityHeaders } from "@/lib/http/security-headers";
import { methodNotAllowed } from "./method-not-allowed";

// The web server's door, ahead of Next.js (installed once by instrumentation.ts: Next gives no
// hook ahead of its own routing, so this wraps the 'request' event of Node's HTTP server).
//
// - TRACE, on any path: the one method Node's HTTP parser accepts and the Fetch API refuses to
//   represent (TRACK is a parse error, CONNECT a separate 'connect' event that closes the
//   socket). Next builds a `Request` for proxy.ts and for every route, that constructor throws,
//   and the client got a bare text/plain 500 without our headers. Nothing here serves TRACE (it
//   would echo cookies): it is the JSON 405.
// - /v1, the API: what proxy.ts does for pages, done here instead, because Next's proxy step
//   costs an API request about 0.45 ms at c=1 (bench/api.ts; a third of the request) and its
//   matcher leaves /v1 out. The request id (a well-formed incoming X-Request-Id, else a new one)
//   is put on the request, where the route wrapper reads it, and on the response with the
//   security headers; a method the route does not export is the JSON 405 with Allow (Next's
//   own is an empty body). The route wrapper stamps the same headers on what it answers
//   (lib/api/observe-route.ts), for a host that runs Next without this server (Vercel).

// Pages answer GET and HEAD, and POST for server actions.
const PAGE_METHODS = ["GET", "HEAD", "POST"];

const isApi = (pathname: string) => pathname === "/v1" || pathname.startsWith("/v1/");

/** The JSON 405 with Allow and the API's security headers, written here. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, allow: readonly string[], requestId: string): void {
  req.resume();
  const answer = methodNotAllowed(req.method ?? "TRACE", allow, requestId);
  for (const [k, v] of Object.entries(securityHeaders(pathname, securityEnv(), null))) answer.headers.set(k, v);
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  answer.text().then(
    (body) => res.end(body),
    () => res.destroy(),
  );
}

/**
 * Answers the request here (true) or prepares it for Next (false). `routes`: the /v1 routes and
 * their methods (default: the build's table, lib/http/route-methods.ts).
 */
export function atTheDoor(req: http.IncomingMessage, res: http.ServerResponse, routes?: Route[]): boolean {
  const trace = req.method === "TRACE";
  const url = req.url ?? "/";
  // Most requests are neither: no URL is parsed for them.
  if (!trace && !url.startsWith("/v1") && url.startsWith("/")) return false;
  // Node's parser lets through targets the URL parser refuses ("http://[x/v1"): Next answers
  // those as before (a throw here would reach the server's socket); TRACE is refused as a page's.
  const pathname = URL.parse(url, "http://app")?.pathname ?? null;
  const api = pathname !== null && isApi(pathname);
  if (!trace && !api) return false;
  const incoming = req.headers["x-request-id"];
  const requestId = requestIdFrom(typeof incoming === "string" ? incoming : null);
  if (!api) {
    refuse(req, res, pathname ?? "/", PAGE_METHODS, requestId);
    return true;
  }
  const refused = trace ? (refusedMethod("TRACE", pathname, routes) ?? ROUTE_METHODS) : refusedMethod(req.method ?? "GET", pathname, routes);
  if (refused) {
    refuse(req, res, pathname, refused, requestId);
    return true;
  }
  req.headers["x-request-id"] = requestId;
  for (const [k, v] of Object.entries(securityHeaders(pathname, securityEnv(), null))) res.setHeader(k, v);
  res.setHeader("X-Request-Id", requestId);
  return false;
}

/** Installs the door on every HTTP server of this process (once). */
export function installApiDoor(): void {
  const proto = http.Server.prototype as http.Server & { __arApiDoor?: boolean };
  if (proto.__arApiDoor) return;
  proto.__arApiDoor = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request" && atTheDoor(...(args as [http.IncomingMessage, http.ServerResponse]))) return true;
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
