// Runs once when a web server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Traces by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (Next.js then opens a span per request,
  // continuing an incoming traceparent); nothing is loaded otherwise.
  const { startTracing } = await import("./lib/telemetry/tracing");
  await startTracing("agentruntime-web");
  // TRACE would fail inside Next (a bare text 500); answer it with the JSON 405 first.
  const { refuseUnrepresentableMethods } = await import("./lib/api/refuse-trace");
  refuseUnrepresentableMethods();
  // Refuse to serve rather than answer sign-ups whose verification mail can never leave, or run
  // the web-only role (Vercel) without its database.
  const { refuseToStartMisconfigured } = await import("./lib/core/start-checks");
  refuseToStartMisconfigured();
}
