import { newId } from "@/lib/ids";

export type RequestMeta = { requestId: string; ip: string | null; userAgent: string | null };

const REQUEST_ID = /^[A-Za-z0-9_.:-]{8,128}$/;

/** Request id (accepts a well-formed upstream X-Request-Id), client IP and user agent. */
export function requestMeta(req: Request): RequestMeta {
  const incoming = req.headers.get("x-request-id");
  const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newId("request");
  // The left-most X-Forwarded-For entry is the client as seen by our edge proxy.
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || req.headers.get("x-real-ip") || null;
  return { requestId, ip, userAgent: req.headers.get("user-agent") };
}
