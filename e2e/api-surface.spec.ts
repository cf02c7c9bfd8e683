import http from "node:http";
import { expect, test, type APIResponse } from "@playwright/test";

// The API answers like one API, checked on the production server `npm start` runs (routing,
// proxy.ts, next.config.ts headers and the server's door from instrumentation.ts only exist
// there): unknown /v1 paths are the JSON 404, methods a route does not export the JSON 405 with
// Allow, TRACE too; build assets are nosniff; pages set no Permissions-Policy feature the
// browser rejects.

async function expectJsonError(res: APIResponse, status: number, code: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toContain("application/json");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
  expect(body.error).toMatchObject({ code, message: expect.any(String), requestId: res.headers()["x-request-id"] });
}

/** Node's client, because fetch() and Playwright refuse to send TRACE. */
function trace(baseURL: string, path: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(new URL(path, baseURL), { method: "TRACE", headers: { cookie: "probe=1" } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject).end();
  });
}

test.describe("API surface on the production server", () => {
  test("an unknown /v1 path is the JSON 404 for every method, not the HTML page", async ({ request }) => {
    for (const path of ["/v1/does-not-exist", "/v1/runs/run_1/nope/deeper", "/v1"]) {
      await expectJsonError(await request.get(path), 404, "not_found");
      await expectJsonError(await request.post(path, { data: {} }), 404, "not_found");
      await expectJsonError(await request.delete(path), 404, "not_found");
    }
  });

  test("a method the route does not export is the JSON 405 with Allow; HEAD and OPTIONS work", async ({ request }) => {
    const del = await request.delete("/v1/openapi.json");
    await expectJsonError(del, 405, "method_not_allowed");
    expect(del.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    const put = await request.put("/v1/runs/run_123", { data: {} }); // runs/[id]: GET only
    await expectJsonError(put, 405, "method_not_allowed");
    expect(put.headers()["allow"]).toBe("GET, HEAD, OPTIONS");
    const propfind = await request.fetch("/v1/me", { method: "PROPFIND" });
    await expectJsonError(propfind, 405, "method_not_allowed");

    expect((await request.head("/v1/openapi.json")).status()).toBe(200);
    const options = await request.fetch("/v1/openapi.json", { method: "OPTIONS" });
    expect(options.status()).toBe(204);
    expect(options.headers()["allow"]).toContain("GET");
    // Next answers OPTIONS itself: the server's door (proxy.ts leaves /v1 out) gave it the headers.
    expect(options.headers()["x-frame-options"]).toBe("DENY");
    expect(options.headers()["x-request-id"]).toMatch(/^req_/);
    // Routes that exist still answer their own methods, with the same headers.
    const doc = await request.get("/v1/openapi.json", { headers: { "x-request-id": "upstream-1234567" } });
    expect(doc.status()).toBe(200);
    expect(doc.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(doc.headers()["x-request-id"]).toBe("upstream-1234567");
    expect((await request.get("/v1/me")).status()).toBe(401);
  });

  test("TRACE is the JSON 405 with the security headers, never a bare 500, and echoes nothing", async ({ baseURL }) => {
    for (const path of ["/v1/openapi.json", "/v1/does-not-exist", "/"]) {
      const res = await trace(baseURL!, path);
      expect(res.status, path).toBe(405);
      expect(res.headers["content-type"]).toContain("application/json");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers.allow).toBeTruthy();
      expect(JSON.parse(res.body).error).toMatchObject({ code: "method_not_allowed", requestId: res.headers["x-request-id"] });
      expect(res.body).not.toContain("probe=1");
    }
  });

  test("401 names its scheme; a body that is not JSON is a 415", async ({ request }) => {
    const anonymous = await request.get("/v1/me");
    expect(anonymous.headers()["www-authenticate"]).toBe("Bearer");
    const badToken = await request.get("/v1/me", { headers: { authorization: "Bearer ar_pat_nope" } });
    expect(badToken.headers()["www-authenticate"]).toBe('Bearer error="invalid_token"');
    const text = await request.post("/v1/auth/signin", { headers: { "content-type": "text/plain" }, data: '{"email":"a@example.com","password":"x"}' });
    await expectJsonError(text, 415, "unsupported_media_type");
  });

  test("build assets under /_next/static are nosniff", async ({ request }) => {
    const html = await (await request.get("/auth/sign-in")).text();
    const assets = [...html.matchAll(/\/_next\/static\/[^"'\s)]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of new Set(assets)) {
      const res = await request.get(asset);
      expect(res.status(), asset).toBe(200);
      expect(res.headers()["x-content-type-options"], asset).toBe("nosniff");
    }
  });

  test("Permissions-Policy holds only features the browser knows: no warning on a page", async ({ page, request }) => {
    for (const path of ["/auth/sign-in", "/v1/openapi.json"]) {
      const policy = (await request.get(path)).headers()["permissions-policy"];
      expect(policy).toContain("camera=()");
      expect(policy).not.toContain("bluetooth");
    }
    const messages: string[] = [];
    page.on("console", (m) => messages.push(m.text()));
    await page.goto("/auth/sign-in");
    await page.waitForLoadState("networkidle");
    expect(messages.filter((m) => /permissions[- ]policy|unrecognized feature/i.test(m))).toEqual([]);
  });
});
