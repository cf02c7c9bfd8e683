import client from "prom-client";

// Every Prometheus metric of the three processes, in one registry per process (globalThis:
// Next.js may load this module from several bundles, and a second registration would throw).
// A process only moves its own metrics; the others stay empty in its exposition.
// Served by app/metrics/route.ts (web) and lib/telemetry/metrics-server.ts (worker, gateway).

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

function create(registry: client.Registry) {
  const registers = [registry];
  return {
    // web: every /v1 operation (lib/operations/route.ts); `route` is the OpenAPI path, never the raw URL.
    httpRequests: new client.Counter({ name: "agentruntime_http_requests_total", help: "API requests answered, by route, method and status", labelNames: ["route", "method", "status"], registers }),
    httpDuration: new client.Histogram({ name: "agentruntime_http_request_duration_seconds", help: "API request latency, by route, method and status", labelNames: ["route", "method", "status"], buckets: LATENCY_BUCKETS, registers }),
    // worker
    runExecutions: new client.Counter({ name: "agentruntime_run_executions_total", help: "Run jobs executed, by outcome (done, requeue, retry, locked, error)", labelNames: ["outcome"], registers }),
    stepDuration: new client.Histogram({ name: "agentruntime_run_step_duration_seconds", help: "Workflow step latency, by node type and outcome", labelNames: ["node_type", "outcome"], buckets: LATENCY_BUCKETS, registers }),
    queueJobs: new client.Gauge({ name: "agentruntime_queue_jobs", help: "Jobs in each pg-boss queue by state (read at scrape time)", labelNames: ["queue", "state"], registers }),
    webhookDeliveries: new client.Counter({ name: "agentruntime_webhook_delivery_attempts_total", help: "Outbound webhook delivery attempts, by outcome (succeeded, retry_scheduled, failed, skipped, error)", labelNames: ["outcome"], registers }),
    // gateway
    gatewayRequests: new client.Counter({ name: "agentruntime_gateway_requests_total", help: "Gateway requests answered, by endpoint kind and status", labelNames: ["endpoint", "status"], registers }),
    gatewayDuration: new client.Histogram({ name: "agentruntime_gateway_request_duration_seconds", help: "Gateway request latency (until the answer is sent), by endpoint kind", labelNames: ["endpoint"], buckets: LATENCY_BUCKETS, registers }),
    gatewayInFlight: new client.Gauge({ name: "agentruntime_gateway_in_flight_requests", help: "Gateway requests being answered", registers }),
    upstreamDuration: new client.Histogram({ name: "agentruntime_gateway_upstream_duration_seconds", help: "Time to an upstream's response headers (agent, model vendor, tool), by endpoint kind and outcome", labelNames: ["endpoint", "outcome"], buckets: LATENCY_BUCKETS, registers }),
    rateLimited: new client.Counter({ name: "agentruntime_gateway_rate_limited_total", help: "Gateway requests refused with 429, by endpoint kind", labelNames: ["endpoint"], registers }),
    usageBatchSize: new client.Histogram({ name: "agentruntime_gateway_usage_commit_batch_size", help: "Usage records per group commit", buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500], registers }),
  };
}

type Metrics = ReturnType<typeof create> & { registry: client.Registry; defaults: boolean };
const g = globalThis as unknown as { __arMetrics?: Metrics };

/** The process's metrics (created on first use). */
export function metrics(): Metrics {
  if (!g.__arMetrics) {
    const registry = new client.Registry();
    g.__arMetrics = { ...create(registry), registry, defaults: false };
  }
  return g.__arMetrics;
}

/** The exposition, with the process's CPU, memory and event-loop metrics from the first scrape on. */
export async function exposition(): Promise<{ contentType: string; body: string }> {
  const m = metrics();
  if (!m.defaults) {
    m.defaults = true;
    client.collectDefaultMetrics({ register: m.registry, prefix: "agentruntime_" });
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}

/** Seconds since `start` (a performance.now() reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}
