import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { egressTimeoutMs } from "./address-policy";
import { EgressDenied, resolveAllowedHost } from "./resolve-host";

type SafeResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

const MAX_BODY = 64 * 1024;

/**
 * One outbound HTTP(S) call to a user-provided URL: http/https only, the host checked
 * against the egress policy and pinned to the checked address, no redirects followed
 * (a 3xx comes back as is), a hard timeout, and at most 64 KiB of body read.
 */
export async function safeRequest(
  rawUrl: string,
  init: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<SafeResponse> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new EgressDenied("The URL is not valid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new EgressDenied("Only http and https URLs are allowed");
  if (url.username || url.password) throw new EgressDenied("Credentials in the URL are not allowed");
  const { address, family } = await resolveAllowedHost(url.hostname);
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else cb(null, address, family);
  };
  const timeoutMs = init.timeoutMs ?? egressTimeoutMs();
  const client = url.protocol === "https:" ? https : http;
  return new Promise<SafeResponse>((resolve, reject) => {
    const req = client.request(url, { method: init.method ?? "GET", headers: init.headers, lookup: pinned, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c);
        size += c.length;
        if (size > MAX_BODY) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8").slice(0, MAX_BODY) });
      res.on("end", done);
      res.on("close", done);
      res.on("error", done);
    });
    req.on("timeout", () => req.destroy(new TimeoutError(timeoutMs)));
    req.on("error", reject);
    req.end();
  });
}

export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`No answer within ${Math.round(ms / 1000)} s`);
    this.name = "TimeoutError";
  }
}
