import ipaddr from "ipaddr.js";
import { isIP } from "node:net";
import { intEnv } from "@/lib/core/env";
import { newId } from "@/lib/core/ids";

import type { RequestMeta } from "@/lib/core/scope";

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * How many reverse proxies in front of the app append to X-Forwarded-For (default 0: nothing
 * in front). The rightmost entry is always the socket peer of the web process: `npm start`
 * preloads scripts/web-preload.mjs, which appends it, because Next.js itself only fills the
 * header when it is absent and would pass a client-written one through. The client is the
 * entry TRUSTED_PROXY_HOPS places left of that; anything further left was written by the
 * client and can be forged, so the audit log and per-IP limits never trust it.
 */
function trustedHops(): number {
  return intEnv("TRUSTED_PROXY_HOPS", 0, { min: 0, invalid: "fallback" });
}

// One spelling per address: "::ffff:192.0.2.1" (a dual-stack socket) is the IPv4 client.
function normalized(ip: string): string {
  return isIP(ip) ? ipaddr.process(ip).toString() : ip;
}

/** The client address from the X-Forwarded-For the web process saw (null when there is none). */
export function clientIp(forwardedFor: string | null): string | null {
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return null;
  return normalized(hops[Math.max(0, hops.length - 1 - trustedHops())]);
}

/** A well-formed upstream X-Request-Id, else a new id. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID.test(incoming) ? incoming : newId("request");
}

/** Request id (accepts a well-formed upstream X-Request-Id), client IP, user agent and origin. */
export function requestMeta(req: Request): RequestMeta {
  return {
    requestId: requestIdFrom(req.headers.get("x-request-id")),
    ip: clientIp(req.headers.get("x-forwarded-for")),
    userAgent: req.headers.get("user-agent"),
    origin: new URL(req.url).origin,
  };
}
