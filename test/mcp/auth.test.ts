// /mcp's own checks, before the SDK: a PAT (never the console cookie) with a 401 that points at
// the RFC 9728 metadata, the Origin check, the workspace and project headers, rate limits.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as metadataRoute } from "@/app/.well-known/oauth-protected-resource/mcp/route";
import { DELETE, GET, POST } from "@/app/mcp/route";
import { createTestToken } from "@/test/factories/tokens";
import { createTestRun } from "@/test/factories/runs";
import { routeRequest, tokenHeaders } from "@/test/support/http";
import { tenant, twoTenants } from "@/test/support/world";
import { dataOf, errorOf, modernClient } from "./support";

const METADATA = "http://localhost/.well-known/oauth-protected-resource/mcp";
const listTools = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
const post = (headers: Record<string, string>, body: unknown = listTools) =>
  POST(routeRequest("/mcp", { headers: { accept: "application/json, text/event-stream", ...headers }, body }));

let w: Awaited<ReturnType<typeof world>>;
const world = () => twoTenants({ token: true, workflow: true, credits: true }, { token: true });
let headers: Record<string, string>;

beforeAll(async () => {
  w = await world();
  headers = tokenHeaders(w.a.token.token, w.a.slug, "default");
});

describe("authentication", () => {
  it("no credential: 401 with WWW-Authenticate pointing at the resource metadata, in the API's error shape", async () => {
    const res = await post({});
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(`Bearer resource_metadata="${METADATA}"`);
    const body = await res.json();
    expect(body.error).toMatchObject({ code: "unauthorized", requestId: res.headers.get("x-request-id") });
  });

  it("a console session cookie is not a credential here", async () => {
    const res = await post({ cookie: w.a.owner.cookie, "x-tenant-id": w.a.slug, "x-project-id": "default" });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("resource_metadata=");
  });

  it("an unknown, malformed or revoked token: 401 invalid_token with the metadata URL", async () => {
    for (const auth of ["Bearer ar_pat_notarealtoken", "Basic abc"]) {
      const res = await post({ authorization: auth, "x-project-id": "default" });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_(token|request)", resource_metadata="http:\/\/localhost\/\.well-known\/oauth-protected-resource\/mcp"$/);
    }
  });

  it("the metadata document (RFC 9728) names the resource and the bearer header", async () => {
    const res = await metadataRoute(new Request(METADATA), { params: Promise.resolve({}) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ resource: "http://localhost/mcp", bearer_methods_supported: ["header"], scopes_supported: expect.arrayContaining(["workflow:read", "mcp:execute"]) });
  });

  it("APP_URL is the public origin in the challenge and the document", async () => {
    process.env.APP_URL = "https://runtime.example.com/";
    try {
      const res = await post({});
      expect(res.headers.get("www-authenticate")).toBe('Bearer resource_metadata="https://runtime.example.com/.well-known/oauth-protected-resource/mcp"');
      const doc = await (await metadataRoute(new Request(METADATA), { params: Promise.resolve({}) })).json();
      expect(doc.resource).toBe("https://runtime.example.com/mcp");
    } finally {
      delete process.env.APP_URL;
    }
  });
});

describe("Origin", () => {
  it("a foreign browser Origin is 403; none, or this deployment's own, is served", async () => {
    for (const origin of ["https://evil.example", "null", "http://localhost.evil.example"]) {
      const res = await post({ ...headers, origin });
      expect(res.status, origin).toBe(403);
      expect((await res.json()).error.code).toBe("forbidden");
    }
    expect((await post({ ...headers, origin: "http://localhost" })).status).toBe(200);
    expect((await post(headers)).status).toBe(200);
  });

  it("the Origin is checked before the credential", async () => {
    expect((await post({ origin: "https://evil.example" })).status).toBe(403);
  });
});

describe("workspace and project", () => {
  it("another tenant's workspace is 404; a project is required unless the token has one", async () => {
    expect((await post({ ...headers, "x-tenant-id": w.b.slug })).status).toBe(404);
    expect((await post({ ...headers, "x-project-id": "nope" })).status).toBe(404);
    const noProject = await post(tokenHeaders(w.a.token.token, w.a.slug));
    expect(noProject.status).toBe(422);
    expect((await noProject.json()).error.details).toEqual([expect.objectContaining({ path: "X-Project-Id" })]);
  });

  it("a project-restricted token implies its project", async () => {
    const { token } = await createTestToken({ userId: w.a.owner.id, workspaceId: w.a.workspace.id, projectId: w.a.other.id });
    const client = await modernClient(tokenHeaders(token));
    const ctx = dataOf(await client.callTool({ name: "context_get", arguments: {} }));
    expect(ctx.project).toMatchObject({ id: w.a.other.id });
    expect(ctx.caller.token.projectRestricted).toBe(true);
    // Naming another project with it is a 404.
    expect((await post({ ...tokenHeaders(token), "x-project-id": "default" })).status).toBe(404);
  });

  it("GET and DELETE (2025 session operations) are 405 once authenticated, 401 before", async () => {
    for (const handler of [GET, DELETE]) {
      const method = handler === GET ? "GET" : "DELETE";
      expect((await handler(routeRequest("/mcp", { method, headers: { accept: "text/event-stream" } }))).status).toBe(401);
      expect((await handler(routeRequest("/mcp", { method, headers: { ...headers, accept: "text/event-stream" } }))).status).toBe(405);
    }
  });
});

describe("rate limits", () => {
  afterEach(() => {
    delete process.env.AR_RL_MCP_WRITE_POINTS;
    delete process.env.AR_RL_API_POINTS;
  });

  it("each request counts against the token's API limit: 429 with Retry-After", async () => {
    const t = await tenant({ token: true });
    process.env.AR_RL_API_POINTS = "2";
    const h = tokenHeaders(t.token.token, t.slug, "default");
    expect((await post(h)).status).toBe(200);
    expect((await post(h)).status).toBe(200);
    const limited = await post(h);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("write tools have a tighter limit per token and tool; reads are not charged to it", async () => {
    const t = await tenant({ token: true, credits: true, workflow: true });
    process.env.AR_RL_MCP_WRITE_POINTS = "2";
    const client = await modernClient(tokenHeaders(t.token.token, t.slug, "default"));
    const cancel = async () => {
      const run = await createTestRun(t.workflow, { status: "queued" });
      return client.callTool({ name: "runs_cancel", arguments: { id: run.id } });
    };
    dataOf(await cancel());
    dataOf(await cancel());
    expect(errorOf(await cancel())).toMatchObject({ code: "rate_limited" });
    // Another tool has its own bucket, reads have none.
    expect(errorOf(await client.callTool({ name: "workflows_publish", arguments: { id: "wf_missing" } })).code).toBe("not_found");
    for (let i = 0; i < 3; i++) dataOf(await client.callTool({ name: "runs_list", arguments: {} }));
  });
});
