import http from "node:http";
import { requestMeta } from "@/lib/http/request-context";
import { refusedMethod, ROUTE_METHODS } from "@/lib/http/route-methods";
import { securityEnv, securityHeaders } from "@/lib/http/security-headers";
import { methodNotAllowed } from "./method-not-allowed";

// The one method Node's HTTP parser accepts and the Fetch API refuses to represent (TRACK is a
// parse error, CONNECT a separate 'connect' event that closes the socket): Next builds a
// `Request` for proxy.ts and for every route, that constructor throws, and the client got a
// bare text/plain 500 without our headers. Nothing here serves TRACE (it would echo cookies).
const UNREPRESENTABLE = new Set(["TRACE"]);

// Pages answer GET and HEAD, and POST for server actions.
const PAGE_METHODS = ["GET", "HEAD", "POST"];

async function refuse(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const pathname = new URL(req.url ?? "/", "http://app").pathname;
  const incomingId = req.headers["x-request-id"];
  const { requestId } = requestMeta(new Request("http://app/", { headers: typeof incomingId === "string" ? { "x-request-id": incomingId } : {} }));
  const allow = /^\/v1(\/|$)/.test(pathname) ? (refusedMethod(req.method ?? "TRACE", pathname) ?? ROUTE_METHODS) : PAGE_METHODS;
  const answer = methodNotAllowed(req.method ?? "TRACE", allow, requestId);
  for (const [k, v] of Object.entries(securityHeaders(pathname, securityEnv(), null))) answer.headers.set(k, v);
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(await answer.text());
}

/**
 * Answers TRACE with the API's JSON 405 before Next sees it. Installed once in the web
 * process by instrumentation.ts: Next gives no hook ahead of its own Request construction, so
 * this wraps the 'request' event of Node's HTTP server.
 */
export function refuseUnrepresentableMethods(): void {
  const proto = http.Server.prototype as http.Server & { __arRefusesTrace?: boolean };
  if (proto.__arRefusesTrace) return;
  proto.__arRefusesTrace = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    if (event === "request" && UNREPRESENTABLE.has(req.method ?? "")) {
      req.resume();
      void refuse(req, res).catch(() => res.destroy());
      return true;
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>);
  } as typeof emit;
}
