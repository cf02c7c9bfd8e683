import { tracingEnabled } from "./tracing";

// Outbound HTTP of the worker (webhook deliveries, model and tool calls of run steps): a CLIENT
// span per request and its traceparent sent along, through undici's diagnostics channels (the
// same channels for global fetch and the undici package). Loaded only when tracing is on. The
// gateway does not use this: it traces its upstream calls itself (gateway/observe.ts).
export async function traceOutboundHttp(): Promise<void> {
  if (!tracingEnabled()) return;
  const { UndiciInstrumentation } = await import("@opentelemetry/instrumentation-undici");
  // Enables itself on construction, on the global tracer provider startTracing registered.
  new UndiciInstrumentation();
}
