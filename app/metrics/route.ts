import { serveWebMetrics } from "@/lib/api/metrics-endpoint";

export const dynamic = "force-dynamic";

// GET /metrics — this web process's Prometheus metrics; 404 unless METRICS_TOKEN is set and sent as a bearer token
export const GET = serveWebMetrics;
