import { forbidden } from "./errors";

/**
 * Cookie-authenticated writes must come from our own pages. SameSite=Lax already blocks
 * most cross-site posts; this closes the rest (and same-site subdomains).
 */
export function checkSameOrigin(req: Request): void {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
  const origin = req.headers.get("origin");
  if (!origin) return; // non-browser clients send none; browsers always do on cross-origin writes
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw forbidden("Cross-origin request refused");
  }
  if (!host || originHost !== host) throw forbidden("Cross-origin request refused");
}
