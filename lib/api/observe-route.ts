import { trace } from "@opentelemetry/api";
import { addLogContext, withLogContext } from "@/lib/core/log-context";
import { withApiSecurityHeaders } from "@/lib/http/security-headers";
import { metrics, secondsSince } from "@/lib/telemetry/metrics";

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: Request, route?: RouteContext) => Promise<Response>;

// Every /v1 operation passes here (lib/operations/route.ts): its rate and latency by route
// template (never the raw URL, which would explode the label set), the route on the request's
// span (Next.js opens it when tracing is on), a log context the auth wrapper fills, and the
// API's security headers on what it answers (proxy.ts does not run for /v1).
export function observeRoute(route: string, method: string, handler: RouteHandler): RouteHandler {
  return (req, ctx) =>
    withLogContext({}, async () => {
      const start = performance.now();
      let status = 500;
      trace.getActiveSpan()?.setAttribute("http.route", route);
      try {
        if (route.startsWith("/v1/runs/{id}") && ctx?.params) {
          const id = (await ctx.params).id;
          if (typeof id === "string") addLogContext({ runId: id });
        }
        const res = withApiSecurityHeaders(await handler(req, ctx), route);
        status = res.status;
        return res;
      } finally {
        const labels = { route, method, status: String(status) };
        const m = metrics();
        m.httpRequests.inc(labels);
        m.httpDuration.observe(labels, secondsSince(start));
      }
    });
}
