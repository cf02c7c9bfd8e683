import { newId } from "@/lib/ids";

export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/**
 * How many reverse proxies in front of the app append to X-Forwarded-For (default 1: one
 * load balancer, or Next's own server, which fills the header from the socket when it is
 * absent). The client address is the entry that many places from the right: anything left
 * of it was written by the client and can be forged, so per-IP limits never trust it.
 */
function trustedHops(): number {
  const n = Number(process.env.TRUSTED_PROXY_HOPS ?? 1);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function clientIp(forwardedFor: string | null, realIp: string | null = null): string | null {
  const hops = (forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (hops.length === 0) return realIp?.trim() || null;
  return hops[Math.max(0, hops.length - trustedHops())];
}

/** Request id (accepts a well-formed upstream X-Request-Id), client IP and user agent. */
export function requestMeta(req: Request): RequestMeta {
  const incoming = req.headers.get("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId("request");
  return {
    requestId,
    ip: clientIp(req.headers.get("x-forwarded-for"), req.headers.get("x-real-ip")),
    userAgent: req.headers.get("user-agent"),
  };
}
