// The API answers like one API (issue 10): a body not declared JSON is a 415, every 401 names
// its scheme (WWW-Authenticate), the same-origin check compares scheme, host and port, an
// unknown /v1 path is the JSON 404 and a method a route does not export the JSON 405 (the
// server's door, lib/api/api-door.ts).
// The same routing against the real production server: e2e/api-surface.spec.ts.
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as meRoute } from "@/app/v1/me/route";
import { POST as createProjectRoute } from "@/app/v1/projects/route";
import { GET as unknownGet, OPTIONS as unknownOptions, POST as unknownPost } from "@/app/v1/[[...path]]/route";
import { atTheDoor, installApiDoor } from "@/lib/api/api-door";
import { compileRoutes } from "@/lib/http/route-methods";
import { db } from "@/lib/db/client";
import { scanRouteMethods } from "@/lib/http/scan-route-methods";
import { bearer, createTestToken } from "@/test/factories/tokens";
import { ROOT } from "@/test/support/route-files";
import { as, call } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

type Handler = (req: Request, route: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Like `call`, but the caller's Content-Type (or none) is sent as given: bytes, which imply no type. */
async function send(handler: Handler, url: string, init: { method?: string; headers?: Record<string, string>; body?: string; params?: Record<string, string | string[]> } = {}) {
  const res = await handler(new Request(url, { method: init.method ?? "POST", headers: init.headers, body: init.body === undefined ? undefined : new TextEncoder().encode(init.body) }), { params: Promise.resolve(init.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

/** A request over a real socket (fetch() refuses to send TRACE at all). */
function raw(port: number, method: string, p: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ port, method, path: p, headers: { cookie: "secret=1", ...headers } }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (c) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject).end();
  });
}

/** The status line and body of a request whose target is written as given (no client would send it). */
function rawTarget(port: number, method: string, target: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    let out = "";
    const socket = net.connect(port, "127.0.0.1", () => socket.write(`${method} ${target} HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n`));
    socket.setEncoding("utf8").on("data", (c) => (out += c)).on("error", reject);
    socket.on("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(out)?.[1] ?? 0), body: out.split("\r\n\r\n").slice(1).join("\r\n\r\n") }));
  });
}

/**
 * A server whose handler runs the door with this checkout's route table (as the build inlines
 * it), then answers 200 with the request id the request carries on to Next.
 */
async function withDoor(body: (port: number) => Promise<void>): Promise<void> {
  const routes = compileRoutes(scanRouteMethods(path.join(ROOT, "app")));
  const server = http.createServer((req, res) => {
    if (atTheDoor(req, res, routes)) return;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ requestId: req.headers["x-request-id"] ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    await body((server.address() as AddressInfo).port);
  } finally {
    server.close();
  }
}

let t: Tenant;
beforeAll(async () => {
  t = await tenant();
});
afterEach(() => vi.unstubAllEnvs());

const slug = () => `p-${Math.random().toString(36).slice(2, 10)}`;
const projectBody = () => JSON.stringify({ slug: slug(), name: "Surface" });
const createProject = (headers: Record<string, string>, body = projectBody(), url = "http://localhost/v1/projects") =>
  send(createProjectRoute, url, { headers: { ...as(t.owner, t.slug), ...headers }, body });

describe("415 unsupported_media_type (lib/api/body.ts)", () => {
  it.each(["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "text/json", "application/json; charset=iso-8859-1"])(
    "a JSON body sent as %s is refused, not parsed",
    async (type) => {
      const before = await db.project.count({ where: { workspaceId: t.workspace.id } });
      const res = await createProject({ "content-type": type });
      expect(res.status).toBe(415);
      expect(res.json.error).toMatchObject({ code: "unsupported_media_type", requestId: expect.any(String) });
      expect(await db.project.count({ where: { workspaceId: t.workspace.id } })).toBe(before);
    },
  );

  it("a body without any Content-Type is refused too", async () => {
    const res = await createProject({});
    expect(res.status).toBe(415);
    expect(res.json.error.details).toEqual([{ path: "Content-Type", message: "Required" }]);
  });

  it.each(["application/json", "Application/JSON", "application/json; charset=utf-8", 'application/json;charset="UTF-8"', "application/merge-patch+json", "application/vnd.agentruntime+json; charset=utf-8"])(
    "accepts %s",
    async (type) => {
      expect((await createProject({ "content-type": type })).status).toBe(201);
    },
  );

  it("a body-less request may omit it: validation answers (422), not the media type", async () => {
    const res = await send(createProjectRoute, "http://localhost/v1/projects", { headers: as(t.owner, t.slug) });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("invalid_request");
  });
});

describe("401 carries WWW-Authenticate", () => {
  const me = (headers: Record<string, string>) => call(meRoute, "/v1/me", { headers });

  it("no credential: Bearer", async () => {
    const res = await me({});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
  });

  it('a malformed Authorization header: error="invalid_request"', async () => {
    const res = await me({ authorization: "Basic dXNlcjpwYXNz" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_request"');
  });

  it('a token that is unknown, malformed, revoked or expired: error="invalid_token"', async () => {
    const revoked = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
    await db.apiToken.update({ where: { id: revoked.row.id }, data: { revokedAt: new Date() } });
    const expired = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id, expiresAt: new Date(Date.now() - 1000) });
    const unknown = await createTestToken({ userId: t.owner.id, workspaceId: t.workspace.id });
    expect((await me(bearer(unknown.token))).status).toBe(200);
    await db.apiToken.delete({ where: { id: unknown.row.id } });
    for (const token of ["ar_pat_not-a-token", unknown.token, revoked.token, expired.token]) {
      const res = await me(bearer(token));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
});

describe("same-origin check: scheme, host and port (lib/api/same-origin.ts)", () => {
  const origin = (value: string, url?: string, extra: Record<string, string> = {}) => createProject({ "content-type": "application/json", origin: value, ...extra }, projectBody(), url);

  it("without APP_URL, the request's own origin: same scheme, host and port pass; any difference is refused", async () => {
    vi.stubEnv("APP_URL", "");
    expect((await origin("http://localhost")).status).toBe(201);
    expect((await origin("http://localhost:80")).status).toBe(201); // the default port is the same origin
    for (const other of ["https://localhost", "http://localhost:3001", "http://evil.localhost", "null", "not a url"]) {
      const res = await origin(other);
      expect(res.status, other).toBe(403);
      expect(res.json.error).toMatchObject({ code: "forbidden", message: "Cross-origin request refused" });
    }
  });

  it("behind a proxy without APP_URL: the scheme and host it forwards", async () => {
    vi.stubEnv("APP_URL", "");
    const forwarded = { "x-forwarded-proto": "https", "x-forwarded-host": "console.example.test" };
    expect((await origin("https://console.example.test", "http://10.0.0.5:3000/v1/projects", forwarded)).status).toBe(201);
    expect((await origin("http://console.example.test", "http://10.0.0.5:3000/v1/projects", forwarded)).status).toBe(403);
  });

  it("with APP_URL, its origin passes whatever the app itself sees (a proxy that forwards nothing); other origins do not", async () => {
    vi.stubEnv("APP_URL", "https://console.example.test/");
    const internal = "http://10.0.0.5:3000/v1/projects";
    expect((await origin("https://console.example.test", internal)).status).toBe(201);
    expect((await origin("http://10.0.0.5:3000", internal)).status).toBe(201); // the page served at this address itself
    for (const other of ["http://console.example.test", "https://console.example.test:8443", "https://10.0.0.5:3000", "http://10.0.0.5:3001", "https://evil.example"]) {
      expect((await origin(other, internal)).status, other).toBe(403);
    }
  });
});

describe("unknown /v1 paths and methods", () => {
  it("app/v1/[[...path]] answers every method with the JSON 404", async () => {
    for (const [handler, method] of [[unknownGet, "GET"], [unknownPost, "POST"], [unknownOptions, "OPTIONS"]] as const) {
      const res = await call(handler, "/v1/no/such/thing", { method, params: { path: "no/such/thing" } });
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toContain("application/json");
      expect(res.json.error).toMatchObject({ code: "not_found", requestId: res.headers.get("x-request-id") });
    }
  });

  it("the server's door answers a method the route does not export with the JSON 405 and Allow; the rest pass to Next", async () => {
    await withDoor(async (port) => {
      const refused = await raw(port, "DELETE", "/v1/openapi.json");
      expect(refused.status).toBe(405);
      expect(refused.headers.allow).toBe("GET, HEAD, OPTIONS");
      expect(refused.headers["x-content-type-options"]).toBe("nosniff");
      expect(refused.headers["cache-control"]).toBe("no-store");
      expect(JSON.parse(refused.body).error).toMatchObject({ code: "method_not_allowed", requestId: refused.headers["x-request-id"] });

      expect((await raw(port, "PUT", "/v1/runs/run_123")).headers.allow).toBe("GET, HEAD, OPTIONS"); // runs/[id]
      expect((await raw(port, "PROPFIND", "/v1/nowhere")).status).toBe(405); // the fallback exports the usual seven only
      for (const [method, p] of [["GET", "/v1/openapi.json"], ["HEAD", "/v1/openapi.json"], ["OPTIONS", "/v1/openapi.json"], ["POST", "/v1/runs/live/x"], ["GET", "/v1/nowhere"], ["POST", "/"], ["DELETE", "/v1x"]]) {
        expect((await raw(port, method, p)).status, `${method} ${p}`).toBe(200); // passed on to Next
      }
    });
  });

  it("a target the URL parser refuses (Node's parser lets it through) is passed on, never thrown at the socket; TRACE is still refused", async () => {
    await withDoor(async (port) => {
      const passed = await rawTarget(port, "GET", "http://[bad/v1/me");
      expect(passed.status).toBe(200); // Next's to answer, as before
      expect(JSON.parse(passed.body)).toEqual({ requestId: null });
      const trace = await rawTarget(port, "TRACE", "http://[bad/v1/me");
      expect(trace.status).toBe(405);
      expect(trace.body).toContain('"method_not_allowed"');
      expect((await raw(port, "GET", "/v1/openapi.json")).status).toBe(200); // the server still serves
    });
  });
});

describe("TRACE (lib/api/api-door.ts, installed by instrumentation.ts)", () => {
  it("answers the JSON 405 with Allow and the security headers before the server's handler runs; other methods pass", async () => {
    installApiDoor();
    const server = http.createServer((_req, res) => res.end("handler"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      {
        const res = await raw(port, "TRACE", "/v1/openapi.json");
        expect(res.status).toBe(405);
        expect(res.headers["content-type"]).toContain("application/json");
        expect(res.headers["x-content-type-options"]).toBe("nosniff");
        expect(res.headers.allow).toBeTruthy();
        const body = JSON.parse(res.body);
        expect(body.error).toMatchObject({ code: "method_not_allowed", requestId: res.headers["x-request-id"] });
        expect(res.body).not.toContain("secret=1"); // nothing is echoed
      }
      expect((await raw(port, "TRACE", "/settings")).headers.allow).toBe("GET, HEAD, POST");
      expect((await raw(port, "GET", "/v1/openapi.json")).body).toBe("handler");
    } finally {
      server.close();
    }
  });
});
