// Runs once when a web server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Traces by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set (Next.js then opens a span per request,
  // continuing an incoming traceparent); nothing is loaded otherwise.
  const { startTracing } = await import("./lib/telemetry/tracing");
  await startTracing("agentruntime-web");
  // The API's door, ahead of Next: TRACE (a bare text 500 inside Next) and a method a /v1 route
  // does not export are the JSON 405; /v1 requests get their request id and security headers.
  const { installApiDoor } = await import("./lib/api/api-door");
  installApiDoor();
  // Refuse to serve rather than answer sign-ups whose verification mail can never leave, or run
  // the web-only role (Vercel) without its database.
  const { refuseToStartMisconfigured } = await import("./lib/core/start-checks");
  refuseToStartMisconfigured();
}
