import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flushTracing, inSpan, SpanKind, startTracing, stopTracing } from "@/lib/telemetry/tracing";
import { traceOutboundHttp } from "@/lib/telemetry/outbound-tracing";
import type { MetricsServer } from "@/lib/telemetry/metrics-server";
import { startWorkerMetrics } from "@/worker/metrics";
import { startFakeUpstream, type FakeUpstream } from "@/test/support/fake-upstream";
import { startOtlpReceiver } from "@/test/support/otlp-receiver";
import { engineTenant, graph, http, output, startTestRun, startTestWorker, trigger, waitForRun, type TestWorker } from "@/test/support/run-worker";

// The worker's operability: a run queued inside a (web) request span is executed in the same
// trace — the trace context rides in the job's data — and its outbound HTTP call is a client span
// whose traceparent the upstream receives; /metrics on the worker's own listener shows run
// throughput, step latency by node type and queue depth.

let upstream: FakeUpstream;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let worker: TestWorker;
let metricsServer: MetricsServer;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  otlp = await startOtlpReceiver();
  Object.assign(process.env, { EGRESS_ALLOWED_HOSTS: "127.0.0.1", OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, WORKER_METRICS_PORT: "0" });
  expect(await startTracing("agentruntime-worker")).toBe(true);
  await traceOutboundHttp();
  worker = await startTestWorker({ maintenance: false });
  metricsServer = (await startWorkerMetrics())!;
});

afterAll(async () => {
  await worker?.stop();
  await metricsServer?.close();
  await stopTracing();
  await upstream?.close();
  await otlp?.close();
  for (const k of ["EGRESS_ALLOWED_HOSTS", "OTEL_EXPORTER_OTLP_ENDPOINT", "WORKER_METRICS_PORT"]) delete process.env[k];
});

function sample(text: string, line: string): number {
  const hit = text.split("\n").find((l) => l.startsWith(line + " "));
  return hit ? Number(hit.slice(line.length + 1)) : 0;
}

describe("a run's trace: web → queue → worker → outbound call", { timeout: 30_000 }, () => {
  it("continues the queuing request's trace in the worker and sends it to the upstream", async () => {
    const t = await engineTenant(upstream.url);
    const g = graph([trigger(), http("call", t.connectionId, "/ok"), output()], ["trigger>call", "call>output"]);
    let traceId = "";
    const { run } = await inSpan("POST /v1/runs", { kind: SpanKind.SERVER }, async (span) => {
      traceId = span!.spanContext().traceId;
      return startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id, graph: g });
    });
    await waitForRun(run.id, "succeeded");
    // The job's span ends a moment after the run row says succeeded (lock released, job settled).
    for (let i = 0; i < 100 && !otlp.spans.some((s) => s.traceId === traceId && s.name === "run.execute"); i++) {
      await flushTracing();
      await new Promise((r) => setTimeout(r, 50));
    }
    const spans = otlp.spans.filter((s) => s.traceId === traceId);
    const consumer = spans.find((s) => s.name === "run.execute");
    expect(consumer).toMatchObject({ kind: 5, service: "agentruntime-worker" });
    expect(consumer!.attributes["agentruntime.run_id"]).toBe(run.id);
    const step = spans.find((s) => s.name === "step http");
    expect(step?.parentSpanId).toBe(consumer!.spanId);
    const outbound = spans.find((s) => s.kind === 3 && s.parentSpanId === step!.spanId);
    expect(outbound).toBeDefined();
    const seen = upstream.seen.find((r) => r.path === "/ok" && r.headers.traceparent?.includes(traceId));
    expect(seen?.headers.traceparent).toBe(`00-${traceId}-${outbound!.spanId}-01`);
  });
});

describe("worker /metrics", { timeout: 30_000 }, () => {
  it("shows run executions, step latency by node type and queue depth", async () => {
    const res = await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(sample(text, 'agentruntime_run_executions_total{outcome="done"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'agentruntime_run_step_duration_seconds_count{node_type="http",outcome="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^agentruntime_queue_jobs\{queue="runs",state="ready"\} \d+$/m);
    expect(text).toMatch(/^agentruntime_queue_jobs\{queue="webhook-delivery",state="active"\} \d+$/m);
    expect((metricsServer.server.address() as { address: string }).address).toBe("127.0.0.1");
  });
});
