// Calls route handlers the way Next does, with a distinct client IP per test so per-IP
// rate limits of one test never leak into another.
import { randomBytes } from "node:crypto";
import { routeRequest, type Handler } from "@/test/support/http";

const octet = () => randomBytes(1)[0];
export const newIp = () => `10.${octet()}.${octet()}.${1 + (octet() % 254)}`;
export const newEmail = (tag = "user") => `${tag}-${randomBytes(5).toString("hex")}@example.test`;

export async function call(
  handler: Handler,
  path: string,
  opts: { method?: string; body?: unknown; cookie?: string | null; ip?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { "x-forwarded-for": opts.ip ?? "10.255.0.1", "user-agent": "vitest", ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  return handler(routeRequest(path, { origin: "http://localhost:3000", method: opts.method, headers, body: opts.body }), { params: Promise.resolve({}) });
}

/** `name=value` of the session cookie a response sets (for the next request's Cookie header). */
export function cookieFrom(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => /authjs\.session-token=/.test(c));
  if (!set) throw new Error(`no session cookie in response ${res.status}`);
  return set.split(";")[0];
}

export const requestFor = (cookie: string) => new Request("http://localhost:3000/v1/me", { headers: { cookie } });
