// The proxy puts the security headers and an X-Request-Id on every response but the API's; /v1
// gets them from the server's door (lib/api/api-door.ts, tested over a socket here) and from its
// route wrapper; the API wrapper adds Cache-Control: no-store to authenticated ones;
// security.txt is served.
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { proxy, config } from "@/proxy";
import { atTheDoor } from "@/lib/api/api-door";
import { API_CSP, HSTS, withApiSecurityHeaders } from "@/lib/http/security-headers";
import { GET as unknownRoute } from "@/app/v1/[[...path]]/route";
import { GET as securityTxtRoute } from "@/app/.well-known/security.txt/route";
import { GET as meRoute } from "@/app/v1/me/route";
import { GET as tokensRoute } from "@/app/v1/tokens/route";
import { GET as openApiRoute } from "@/app/v1/openapi.json/route";
import { createTestToken } from "@/test/factories/tokens";
import { invoke, sessionHeaders, tokenHeaders } from "@/test/support/http";
import { createWorld, type World } from "@/test/security/world";

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterEach(() => vi.unstubAllEnvs());

const run = (path: string, headers: Record<string, string> = {}) => proxy(new NextRequest(`http://localhost${path}`, { headers }));

describe("proxy.ts", () => {
  it.each(["/", "/settings/tokens", "/.well-known/security.txt", "/mcp"])("sets the security headers on %s", (path) => {
    const res = run(path);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(res.headers.get("strict-transport-security")).toBeNull(); // not production
  });

  it("pages get a fresh nonce, forwarded to Next in the request's CSP header", () => {
    const a = run("/");
    const b = run("/");
    const nonceOf = (csp: string | null) => /'nonce-([^']+)'/.exec(csp ?? "")?.[1];
    expect(nonceOf(a.headers.get("content-security-policy"))).toBeTruthy();
    expect(nonceOf(a.headers.get("content-security-policy"))).not.toBe(nonceOf(b.headers.get("content-security-policy")));
    // NextResponse.next({ request: { headers } }) exposes overridden request headers this way.
    expect(a.headers.get("x-middleware-override-headers")).toContain("content-security-policy");
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(a.headers.get("content-security-policy"));
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(a.headers.get("content-security-policy")));
  });

  it("keeps a well-formed incoming X-Request-Id, forwards it to the route, replaces a bad one", () => {
    const kept = run("/mcp", { "x-request-id": "upstream-1234567" });
    expect(kept.headers.get("x-request-id")).toBe("upstream-1234567");
    expect(kept.headers.get("x-middleware-request-x-request-id")).toBe("upstream-1234567");
    const replaced = run("/mcp", { "x-request-id": "bad id with spaces" });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("adds HSTS in production", () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(run("/").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains; preload");
    expect(run("/mcp").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains; preload");
  });

  it("runs on everything but build assets and the API (/v1)", () => {
    const source = config.matcher[0];
    const re = new RegExp(`^${source}$`);
    for (const p of ["/", "/.well-known/security.txt", "/settings", "/mcp", "/v1x", "/w/v1/settings"]) expect(re.test(p), p).toBe(true);
    for (const p of ["/_next/static/chunks/a.js", "/_next/image", "/favicon.ico", "/v1", "/v1/", "/v1/tokens", "/v1/runs/run_1/events"]) expect(re.test(p), p).toBe(false);
  });
});

describe("the server's door (lib/api/api-door.ts): /v1 requests", () => {
  /** A server running the door, then answering 200 with the request id it carries on to Next. */
  async function viaDoor(path: string, headers: Record<string, string> = {}) {
    const server = http.createServer((req, res) => {
      if (atTheDoor(req, res)) return;
      res.end(String(req.headers["x-request-id"] ?? ""));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`, { headers });
      return { status: res.status, headers: res.headers, seenId: await res.text() };
    } finally {
      server.close();
    }
  }

  it.each(["/v1", "/v1/tokens", "/v1/openapi.json", "/v1/does-not-exist"])("sets the security headers and the request id on %s", async (path) => {
    const res = await viaDoor(path);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("permissions-policy")).toContain("camera=()");
    expect(res.headers.get("content-security-policy")).toBe(API_CSP);
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    expect(res.seenId).toBe(res.headers.get("x-request-id")); // the route reads the same id
    expect(res.headers.get("strict-transport-security")).toBeNull(); // not production
  });

  it("keeps a well-formed incoming X-Request-Id, hands it to the route, replaces a bad one", async () => {
    const kept = await viaDoor("/v1/me", { "x-request-id": "upstream-1234567" });
    expect(kept.headers.get("x-request-id")).toBe("upstream-1234567");
    expect(kept.seenId).toBe("upstream-1234567");
    const replaced = await viaDoor("/v1/me", { "x-request-id": "bad id with spaces" });
    expect(replaced.headers.get("x-request-id")).toMatch(/^req_/);
    expect(replaced.seenId).toBe(replaced.headers.get("x-request-id"));
  });

  it("adds HSTS in production; leaves other paths to proxy.ts", async () => {
    vi.stubEnv("NODE_ENV", "production");
    expect((await viaDoor("/v1/me")).headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains; preload");
    const page = await viaDoor("/settings", { "x-request-id": "upstream-1234567" });
    expect(page.headers.get("x-frame-options")).toBeNull();
    expect(page.headers.get("x-request-id")).toBeNull();
    expect(page.seenId).toBe("upstream-1234567");
  });
});

describe("API responses", () => {
  it("authenticated responses (success and error) are Cache-Control: no-store with X-Request-Id", async () => {
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    const responses = [
      (await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) })).res,
      (await invoke(meRoute, { path: "/v1/me", headers: await sessionHeaders(w.a.users.owner.id) })).res,
      (await invoke(tokensRoute, { path: "/v1/tokens", headers: await sessionHeaders(w.a.users.owner.id, w.a.workspace.slug) })).res,
      (await invoke(tokensRoute, { path: "/v1/tokens?limit=-1", headers: tokenHeaders(token) })).res,
      (await invoke(tokensRoute, { path: "/v1/tokens", headers: tokenHeaders(token, w.b.workspace.slug) })).res,
      (await invoke(meRoute, { path: "/v1/me" })).res,
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 422, 404, 401]);
    for (const r of responses) {
      expect(r.headers.get("cache-control")).toBe("no-store");
      expect(r.headers.get("x-request-id")).toBeTruthy();
    }
  });

  it("every answer of an API route carries the security headers itself (a host without the server's door: Vercel)", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const { token } = await createTestToken({ userId: w.a.users.owner.id, workspaceId: w.a.workspace.id });
    const responses = [
      (await invoke(meRoute, { path: "/v1/me", headers: tokenHeaders(token) })).res,
      (await invoke(tokensRoute, { path: "/v1/tokens?limit=-1", headers: tokenHeaders(token) })).res,
      (await invoke(meRoute, { path: "/v1/me" })).res,
      (await invoke(openApiRoute, { path: "/v1/openapi.json" })).res,
      (await invoke(unknownRoute, { path: "/v1/nowhere", params: { path: "nowhere" } })).res,
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 422, 401, 200, 404]);
    for (const r of responses) {
      expect(r.headers.get("content-security-policy")).toBe(API_CSP);
      expect(r.headers.get("x-frame-options")).toBe("DENY");
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(r.headers.get("strict-transport-security")).toBe(HSTS);
    }
  });

  it("a header the route set itself is kept; an immutable response is copied, not refused", async () => {
    const own = withApiSecurityHeaders(new Response("x", { headers: { "Content-Security-Policy": "sandbox" } }), "/v1/x");
    expect(own.headers.get("content-security-policy")).toBe("sandbox");
    expect(own.headers.get("x-frame-options")).toBe("DENY");
    const redirect = withApiSecurityHeaders(Response.redirect("http://localhost/elsewhere", 302), "/v1/x");
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toBe("http://localhost/elsewhere");
    expect(redirect.headers.get("x-frame-options")).toBe("DENY");
  });

  it("the OpenAPI document is public JSON", async () => {
    const { res, body } = await invoke(openApiRoute, { path: "/v1/openapi.json" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(body.openapi).toBe("3.1.0");
  });
});

describe("GET /.well-known/security.txt", () => {
  it("serves RFC 9116 fields, Expires computed at request time, Canonical from APP_URL", async () => {
    vi.stubEnv("APP_URL", "https://agentruntime.example.com");
    const res = await securityTxtRoute(new Request("http://localhost/.well-known/security.txt"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await res.text();
    expect(text).toMatch(/^Contact: mailto:security@agentruntime\.example\.com$/m);
    expect(text).toMatch(/^Preferred-Languages: en$/m);
    expect(text).toMatch(/^Canonical: https:\/\/agentruntime\.example\.com\/\.well-known\/security\.txt$/m);
    expect(text).toMatch(/^Policy: https:\/\/agentruntime\.example\.com\/security$/m);
    const expires = new Date(/^Expires: (.+)$/m.exec(text)![1]);
    const inAYear = Date.now() + 365 * 86_400_000;
    expect(Math.abs(expires.getTime() - inAYear)).toBeLessThan(5_000);
  });
});
