import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/metrics/route";
import { GET as meRoute } from "@/app/v1/me/route";
import { withWorkspace } from "@/lib/api/with-auth";
import { logger, setLogSink } from "@/lib/core/logger";
import { bearer } from "@/test/factories/tokens";
import { call, routeRequest } from "@/test/support/http";
import { tenant } from "@/test/support/world";

// The web process's operability: /metrics behind METRICS_TOKEN (404 otherwise, like a missing
// route), the API's request metrics by route template, and the request's log context.

let t: Awaited<ReturnType<typeof tenant<{ token: true }>>>;

beforeAll(async () => {
  t = await tenant({ token: true });
});

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  setLogSink(null);
});

async function scrape(headers: Record<string, string> = {}) {
  const res = await metricsRoute(routeRequest("/metrics", { headers }));
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null };
}

/** The value of one sample line of the exposition (0 when absent). */
function sample(text: string, line: string): number {
  const hit = text.split("\n").find((l) => l.startsWith(line + " "));
  return hit ? Number(hit.slice(line.length + 1)) : 0;
}

describe("GET /metrics (web)", () => {
  it("answers 404 without METRICS_TOKEN, even to a bearer", async () => {
    const res = await scrape(bearer("anything"));
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("not_found");
  });

  it("answers 404 to a missing or wrong token, 200 with Prometheus text to the right one", async () => {
    process.env.METRICS_TOKEN = "metrics-token-0123456789";
    expect((await scrape()).status).toBe(404);
    expect((await scrape(bearer("metrics-token-wrong"))).status).toBe(404);
    const ok = await scrape(bearer("metrics-token-0123456789"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(ok.text).toContain("# TYPE agentruntime_http_requests_total counter");
    expect(ok.text).toContain("agentruntime_process_resident_memory_bytes");
  });

  it("counts API requests by route template, method and status", async () => {
    process.env.METRICS_TOKEN = "metrics-token-0123456789";
    const line = 'agentruntime_http_requests_total{route="/v1/me",method="GET",status="200"}';
    const before = sample((await scrape(bearer("metrics-token-0123456789"))).text, line);
    expect((await call(meRoute, "/v1/me", { headers: bearer(t.token.token) })).status).toBe(200);
    expect((await call(meRoute, "/v1/me", { headers: bearer(t.token.token) })).status).toBe(200);
    expect((await call(meRoute, "/v1/me")).status).toBe(401);
    const text = (await scrape(bearer("metrics-token-0123456789"))).text;
    expect(sample(text, line)).toBe(before + 2);
    expect(sample(text, 'agentruntime_http_requests_total{route="/v1/me",method="GET",status="401"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'agentruntime_http_request_duration_seconds_count{route="/v1/me",method="GET",status="200"}')).toBe(before + 2);
  });
});

describe("log context of an API request", () => {
  it("every line written inside the request carries its request id and workspace", async () => {
    const lines: Record<string, unknown>[] = [];
    setLogSink((line) => lines.push(JSON.parse(line)));
    const handler = withWorkspace(
      async () => {
        logger.info("inside the handler", { extra: 1 });
        await new Promise((r) => setTimeout(r, 5));
        logger.warn("after an await");
        return { ok: true };
      },
      { action: "workspace.read" },
    );
    const res = await call(handler as never, "/v1/probe", { headers: { ...bearer(t.token.token), "x-request-id": "req_probe_0123456789" } });
    expect(res.status).toBe(200);
    const inside = lines.filter((l) => l.msg === "inside the handler" || l.msg === "after an await");
    expect(inside).toHaveLength(2);
    for (const l of inside) expect(l).toMatchObject({ requestId: "req_probe_0123456789", workspaceId: t.workspace.id });
    expect(inside[0].extra).toBe(1);
    // Outside the request: no context.
    logger.info("outside");
    expect(lines.at(-1)).not.toHaveProperty("requestId");
  });
});
