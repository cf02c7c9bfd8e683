import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { setLogSink } from "@/lib/core/logger";
import { signContextToken } from "@/lib/agents/context-token";
import { startMetricsServer, type MetricsServer } from "@/lib/telemetry/metrics-server";
import { flushTracing, startTracing, stopTracing, traceCarrier, tracingEnabled } from "@/lib/telemetry/tracing";
import { createTestAgent } from "@/test/factories/agents";
import { grantTestCredits } from "@/test/factories/billing";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/support/fake-llm";
import { startTestGateway } from "@/test/support/gateway";
import { startOtlpReceiver } from "@/test/support/otlp-receiver";
import { tenant } from "@/test/support/world";

// The gateway's operability: /metrics on its own listener (never the public one), request and
// upstream metrics that count, and traces — a SERVER span continuing the caller's traceparent and
// a CLIENT span for the upstream call, in one trace, exported by OTLP to a local receiver.

let gw: Awaited<ReturnType<typeof startTestGateway>>;
let openai: FakeOpenAI;
let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;
let metricsServer: MetricsServer;
let agent: Awaited<ReturnType<typeof createTestAgent>>;

const env = { EGRESS_ALLOWED_HOSTS: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai" } as Record<string, string>;

beforeAll(async () => {
  // Off and free unless configured: no SDK, no carrier.
  expect(await startTracing("agentruntime-gateway")).toBe(false);
  expect(tracingEnabled()).toBe(false);
  expect(traceCarrier()).toBeUndefined();

  otlp = await startOtlpReceiver();
  openai = await startFakeOpenAI({ apiKey: "sk-platform-openai", promptTokens: 3, completionTokens: 2 });
  Object.assign(process.env, env, { OPENAI_BASE_URL: openai.baseURL, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, GATEWAY_METRICS_PORT: "0" });
  expect(await startTracing("agentruntime-gateway")).toBe(true);
  const t = await tenant();
  await grantTestCredits(t.workspace.id, 100_000_000n);
  agent = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, models: [{ role: "default", model: "gpt-4o-mini" }] });
  gw = await startTestGateway();
  metricsServer = (await startMetricsServer({ portVar: "GATEWAY_METRICS_PORT", hostVar: "GATEWAY_METRICS_HOST" }))!;
});

afterAll(async () => {
  await gw?.drain(1_000);
  await metricsServer?.close();
  await stopTracing();
  await openai?.close();
  await otlp?.close();
  for (const k of [...Object.keys(env), "OPENAI_BASE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT", "GATEWAY_METRICS_PORT"]) delete process.env[k];
});

async function client(headers: Record<string, string> = {}, a = agent) {
  const run = await openAgentRun({ agent: { ...a.agent, runBudget: null, projectDefaultRunBudget: null }, endUserId: "ada@example.com", request: { method: "POST", path: "/chat", via: "ingress" } });
  const context = await signContextToken({ agentId: a.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: run.endUserId });
  return Object.assign(new OpenAI({ apiKey: a.token, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": context, ...headers }, maxRetries: 0 }), { runId: run.id });
}

const scrape = async () => {
  const res = await fetch(`http://127.0.0.1:${metricsServer.port}/metrics`);
  return { status: res.status, contentType: res.headers.get("content-type"), text: await res.text() };
};

function sample(text: string, line: string): number {
  const hit = text.split("\n").find((l) => l.startsWith(line + " "));
  return hit ? Number(hit.slice(line.length + 1)) : 0;
}

describe("gateway /metrics", () => {
  it("is served on its own 127.0.0.1 listener and counts requests, upstream latency and usage batches", async () => {
    const first = await scrape();
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const line = 'agentruntime_gateway_requests_total{endpoint="llm_chat",status="200"}';
    const before = sample(first.text, line);
    const upstreamBefore = sample(first.text, 'agentruntime_gateway_upstream_duration_seconds_count{endpoint="llm",outcome="2xx"}');
    await (await client()).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    const after = (await scrape()).text;
    expect(sample(after, line)).toBe(before + 1);
    expect(sample(after, 'agentruntime_gateway_upstream_duration_seconds_count{endpoint="llm",outcome="2xx"}')).toBe(upstreamBefore + 1);
    expect(sample(after, "agentruntime_gateway_usage_commit_batch_size_count")).toBeGreaterThanOrEqual(1);
    expect(after).toContain("# TYPE agentruntime_gateway_rate_limited_total counter");
    expect((metricsServer.server.address() as { address: string }).address).toBe("127.0.0.1");
  });

  it("is not served by the public listener", async () => {
    const res = await fetch(`${gw.url}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("agentruntime_");
  });

  it("answers 404 on its own listener for anything but /metrics", async () => {
    expect((await fetch(`http://127.0.0.1:${metricsServer.port}/`)).status).toBe(404);
  });
});

describe("gateway traces", () => {
  it("continues an incoming traceparent: a server span and an upstream client span in the caller's trace", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentId = "00f067aa0ba902b7";
    await (await client({ traceparent: `00-${traceId}-${parentId}-01` })).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    await flushTracing();
    const spans = otlp.spans.filter((s) => s.traceId === traceId);
    const server = spans.find((s) => s.kind === 2);
    const upstream = spans.find((s) => s.kind === 3);
    expect(server).toMatchObject({ parentSpanId: parentId, service: "agentruntime-gateway", name: "POST llm_chat" });
    expect(server!.attributes["http.response.status_code"]).toBe(200);
    expect(upstream).toMatchObject({ parentSpanId: server!.spanId, name: "POST llm upstream" });
    // The vendor received the client span's context, not the caller's.
    expect(openai.requests.at(-1)!.headers.traceparent).toBe(`00-${traceId}-${upstream!.spanId}-01`);
  });

  it("starts a new trace when the caller sends none", async () => {
    const res = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: "Bearer nope", "x-request-id": "req_gateway_probe_1" }, body: "{}" });
    expect(res.status).toBe(401);
    await flushTracing();
    const server = otlp.spans.find((s) => s.kind === 2 && s.attributes["agentruntime.request_id"] === "req_gateway_probe_1");
    expect(server).toBeDefined();
    expect(server!.parentSpanId ?? "").toBe("");
    expect(server!.attributes["http.response.status_code"]).toBe(401);
  });
});

describe("gateway log context", () => {
  it("a line written inside a call carries its request id, workspace, agent, run and trace", async () => {
    // A tenant whose vendor address refuses connections: the gateway logs the unreachable upstream.
    const t = await tenant();
    await grantTestCredits(t.workspace.id, 100_000_000n);
    const down = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, models: [{ role: "default", model: "gpt-4o-mini" }] });
    const lines: Record<string, unknown>[] = [];
    setLogSink((line) => lines.push(JSON.parse(line)));
    process.env.OPENAI_BASE_URL = "http://127.0.0.1:1/v1";
    try {
      const c = await client({ "x-request-id": "req_gateway_log_1" }, down);
      await expect(c.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 502 });
      const line = lines.find((l) => l.msg === "gateway: model upstream unreachable");
      expect(line).toMatchObject({ requestId: "req_gateway_log_1", workspaceId: t.workspace.id, projectId: t.project.id, agentId: down.agent.id, runId: c.runId });
      expect(line!.traceId).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      process.env.OPENAI_BASE_URL = openai.baseURL;
      setLogSink(null);
    }
  });
});
