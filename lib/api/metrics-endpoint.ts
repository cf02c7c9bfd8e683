import { createHash, timingSafeEqual } from "node:crypto";
import { notFound } from "@/lib/core/errors";
import { requestMeta } from "@/lib/http/request-context";
import { exposition } from "@/lib/telemetry/metrics";
import { toErrorResponse } from "./error-response";

// The web process's /metrics. It shares the public listener, so it answers only a scraper that
// sends METRICS_TOKEN as a bearer token; without METRICS_TOKEN, or with a wrong or missing
// token, it answers exactly like a route that does not exist (404). No loopback exception: behind
// a reverse proxy every request comes from loopback.

function sha256(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

function authorized(req: Request): boolean {
  const token = process.env.METRICS_TOKEN;
  if (!token) return false;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  return m !== null && timingSafeEqual(sha256(m[1]), sha256(token));
}

export async function serveWebMetrics(req: Request): Promise<Response> {
  if (!authorized(req)) return toErrorResponse(notFound("Page"), requestMeta(req).requestId);
  const { contentType, body } = await exposition();
  return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
}
