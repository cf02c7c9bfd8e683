import type { Dispatcher } from "undici";
import { withLogContext } from "@/lib/core/log-context";
import { metrics, secondsSince } from "@/lib/telemetry/metrics";
import { contextFromCarrier, failSpan, runInContext, SpanKind, startSpan, traceCarrier } from "@/lib/telemetry/tracing";
import type { Ctx } from "./http";

// What the gateway records of each request: its metrics (rate, latency, 429s by endpoint kind),
// a SERVER span continuing the caller's traceparent, and the request id on every log line.
// Upstream calls get a CLIENT span whose traceparent the upstream receives, and their latency.

/** The endpoint kind of a request target: a small fixed set, never the raw path (label cardinality). */
export function endpointKind(rawUrl: string, pathname: string): string {
  if (/^\/t\/[a-z]/.test(rawUrl)) return "tool";
  if (pathname.startsWith("/a/")) return "ingress";
  if (pathname === "/llm/v1/chat/completions") return "llm_chat";
  if (pathname === "/llm/v1/embeddings") return "llm_embeddings";
  if (pathname === "/llm/v1/models") return "llm_models";
  if (pathname === "/healthz" || pathname === "/readyz") return "health";
  return "other";
}

export function observeRequest(ctx: Ctx, handle: () => Promise<void>): Promise<void> {
  const endpoint = endpointKind(ctx.req.url ?? "/", ctx.url.pathname);
  const m = metrics();
  const start = performance.now();
  m.gatewayInFlight.inc();
  const traced = startSpan(`${ctx.req.method ?? "GET"} ${endpoint}`, {
    kind: SpanKind.SERVER,
    parent: contextFromCarrier(ctx.req.headers),
    attributes: { "http.request.method": ctx.req.method ?? "GET", "url.path": ctx.url.pathname, "agentruntime.endpoint": endpoint, "agentruntime.request_id": ctx.requestId },
  });
  let done = false;
  const finished = () => {
    if (done) return;
    done = true;
    const status = ctx.res.headersSent ? ctx.res.statusCode : 499;
    m.gatewayInFlight.dec();
    m.gatewayRequests.inc({ endpoint, status: String(status) });
    m.gatewayDuration.observe({ endpoint }, secondsSince(start));
    if (status === 429) m.rateLimited.inc({ endpoint });
    if (traced) {
      traced.span.setAttribute("http.response.status_code", status);
      if (status >= 500) failSpan(traced.span, new Error(`HTTP ${status}`));
      traced.span.end();
    }
  };
  ctx.res.once("finish", finished);
  ctx.res.once("close", finished);
  return withLogContext({ requestId: ctx.requestId }, () => runInContext(traced?.context, handle));
}

/** `dispatcher.request` to an upstream, timed (to its response headers) and traced (until its body ends). */
export async function upstreamRequest(endpoint: "ingress" | "llm" | "tool", dispatcher: Dispatcher, opts: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  const start = performance.now();
  const traced = startSpan(`${opts.method} ${endpoint} upstream`, {
    kind: SpanKind.CLIENT,
    attributes: { "http.request.method": String(opts.method), "server.address": String(opts.origin ?? ""), "url.path": opts.path, "agentruntime.endpoint": endpoint },
  });
  if (traced) opts = { ...opts, headers: withTraceHeaders(opts.headers, traceCarrier(traced.context)) };
  const observe = (outcome: string) => metrics().upstreamDuration.observe({ endpoint, outcome }, secondsSince(start));
  let res: Dispatcher.ResponseData;
  try {
    res = await dispatcher.request(opts);
  } catch (err) {
    observe("error");
    if (traced) {
      failSpan(traced.span, err);
      traced.span.end();
    }
    throw err;
  }
  observe(`${Math.floor(res.statusCode / 100)}xx`);
  if (traced) {
    traced.span.setAttribute("http.response.status_code", res.statusCode);
    if (res.statusCode >= 500) failSpan(traced.span, new Error(`HTTP ${res.statusCode}`));
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      traced.span.end();
    };
    res.body.once("end", end);
    res.body.once("close", end);
    res.body.once("error", end);
  }
  return res;
}

// The span's traceparent replaces whatever the client sent: the upstream continues our trace,
// which continues the client's.
function withTraceHeaders(headers: Dispatcher.RequestOptions["headers"], carrier: Record<string, string> | undefined): Dispatcher.RequestOptions["headers"] {
  if (!carrier || (headers && (Array.isArray(headers) || typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function"))) return headers;
  const out: Record<string, string | string[] | undefined> = {};
  for (const [k, v] of Object.entries((headers ?? {}) as Record<string, string | string[] | undefined>)) {
    const lower = k.toLowerCase();
    if (lower !== "traceparent" && lower !== "tracestate") out[k] = v;
  }
  return { ...out, ...carrier };
}
