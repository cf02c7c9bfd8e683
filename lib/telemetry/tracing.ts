import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";

// OpenTelemetry traces (W3C traceparent), exported by OTLP over HTTP (JSON) when
// OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Without it no SDK
// is loaded: the helpers below check one boolean and call straight through.
// The exporter reads the standard OTEL_EXPORTER_OTLP_* variables itself (headers, timeout); the
// batch processor the OTEL_BSP_* ones.

type Provider = { forceFlush(): Promise<void>; shutdown(): Promise<void> };
const g = globalThis as unknown as { __arTracing?: Provider };

export { SpanKind };

/** Whether the environment asks for traces. */
export function tracingConfigured(): boolean {
  if (process.env.OTEL_SDK_DISABLED === "true") return false;
  return Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether this process records spans (startTracing ran with tracing configured). */
export function tracingEnabled(): boolean {
  return g.__arTracing !== undefined;
}

/** Starts the SDK once per process when tracing is configured; returns whether it runs. */
export async function startTracing(serviceName: string): Promise<boolean> {
  if (g.__arTracing) return true;
  if (!tracingConfigured()) return false;
  const [{ TracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }] = await Promise.all([
    import("@opentelemetry/sdk-trace"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
    import("@opentelemetry/context-async-hooks"),
    import("@opentelemetry/core"),
  ]);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  g.__arTracing = provider;
  return true;
}

/** Sends what is buffered (tests, and before a process exits). */
export async function flushTracing(): Promise<void> {
  await g.__arTracing?.forceFlush();
}

/** Flushes and stops the SDK; the helpers go back to calling straight through. */
export async function stopTracing(): Promise<void> {
  const provider = g.__arTracing;
  if (!provider) return;
  g.__arTracing = undefined;
  await provider.shutdown().catch(() => {});
  trace.disable();
  propagation.disable();
  context.disable();
}

function tracer() {
  return trace.getTracer("agentruntime");
}

type SpanOptions = { kind?: SpanKind; attributes?: Attributes; parent?: Context };

/**
 * Runs `fn` inside a new span (a child of `parent`, else of the active span) and ends it when
 * `fn` settles, recording a thrown error. With tracing off, just runs `fn`.
 */
export async function inSpan<T>(name: string, opts: SpanOptions, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!g.__arTracing) return fn(undefined);
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Starts a span the caller ends (a response that finishes after the handler returns); undefined with tracing off. */
export function startSpan(name: string, opts: SpanOptions): { span: Span; context: Context } | undefined {
  if (!g.__arTracing) return undefined;
  const parent = opts.parent ?? context.active();
  const span = tracer().startSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

export function runInContext<T>(ctx: Context | undefined, fn: () => T): T {
  return ctx ? context.with(ctx, fn) : fn();
}

export function failSpan(span: Span, err: unknown): void {
  if (err instanceof Error) span.recordException(err);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** The active trace context as W3C headers (traceparent, tracestate), to carry in a job; undefined with tracing off or no active span. */
export function traceCarrier(ctx?: Context): Record<string, string> | undefined {
  if (!g.__arTracing) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx ?? context.active(), carrier);
  return carrier.traceparent ? carrier : undefined;
}

/** The context a carrier (incoming headers, a job's stored headers) continues; undefined with tracing off. */
export function contextFromCarrier(carrier: Record<string, string | string[] | undefined> | undefined | null): Context | undefined {
  if (!g.__arTracing) return undefined;
  if (!carrier || typeof carrier !== "object") return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, carrier, {
    keys: (c) => Object.keys(c),
    get: (c, key) => {
      const v = c[key];
      return typeof v === "string" || Array.isArray(v) ? v : undefined;
    },
  });
}
