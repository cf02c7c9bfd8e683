import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowLoopback } from "@/test/connections/helpers";
import { expectErrorShape, inProject } from "@/test/support/http";
import { teamWorld } from "@/test/support/world";
import { createAgent, tryAgent } from "./helpers";

// The console's "try it" relay against a stand-in gateway on 127.0.0.1 (GATEWAY_INTERNAL_URL):
// what reaches the gateway, and what comes back.

type Seen = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
const seen: Seen[] = [];
let gateway: Server;
let restoreEnv: () => void;

beforeAll(async () => {
  restoreEnv = allowLoopback();
  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (req.url?.endsWith("/big")) {
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("x".repeat(100 * 1024));
      }
      if (!req.headers.authorization) {
        res.writeHead(401, { "content-type": "application/json", "x-request-id": "req_gw_401" });
        return res.end(JSON.stringify({ error: { code: "unauthorized", message: "An end-user JWT is required" } }));
      }
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_gw_1", "x-agentruntime-run-id": "run_agent_1", "x-agent-secret": "not-relayed", "set-cookie": "s=1" });
      res.end(JSON.stringify({ reply: "hello from the agent" }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  process.env.GATEWAY_INTERNAL_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  restoreEnv();
  delete process.env.GATEWAY_INTERNAL_URL;
  await new Promise((r) => gateway.close(r));
});

async function world() {
  const w = await teamWorld();
  const created = await createAgent(w.admin, { slug: `try-${Date.now().toString(36)}` });
  expect(created.status, created.text).toBe(201);
  return { ...w, id: created.json.agent.id as string, slug: created.json.agent.slug as string };
}

describe("POST /v1/agents/{id}/try", () => {
  it("sends the request to the gateway's ingress with the JWT as bearer, and returns status, three headers and the body", async () => {
    const { a, contributor, id } = await world();
    seen.length = 0;
    const res = await tryAgent(inProject(contributor, a.slug), id, {
      jwt: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln",
      method: "POST",
      path: "/chat?stream=false",
      headers: { "Content-Type": "application/json", "X-Trace": "t-1", Host: "evil.example", Authorization: "Bearer smuggled" },
      body: '{"message":"hi"}',
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      status: 200,
      headers: { "content-type": "application/json", "x-request-id": "req_gw_1", "x-agentruntime-run-id": "run_agent_1" },
      body: { text: '{"reply":"hello from the agent"}', truncated: false },
    });
    expect(Object.keys(res.json.headers).sort()).toEqual(["content-type", "x-agentruntime-run-id", "x-request-id"]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", url: `/a/${id}/chat?stream=false`, body: '{"message":"hi"}' });
    expect(seen[0].headers).toMatchObject({ authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2ln", "content-type": "application/json", "x-trace": "t-1" });
    expect(seen[0].headers.host).not.toBe("evil.example");
    // Nothing of the caller's own credential is relayed.
    expect(seen[0].headers.cookie).toBeUndefined();
  });

  it("by slug too; without a JWT no Authorization is sent, and ingress refusals come back as answers", async () => {
    const { admin, slug, id } = await world();
    seen.length = 0;
    const res = await tryAgent(admin, slug, { method: "GET", path: "/" });
    expect(res.json).toMatchObject({ status: 401, headers: { "x-request-id": "req_gw_401" }, body: { truncated: false } });
    expect(seen[0]).toMatchObject({ method: "GET", url: `/a/${id}/`, body: "" });
    expect(seen[0].headers.authorization).toBeUndefined();
  });

  it("reads at most 64 KiB of the answer", async () => {
    const { admin, id } = await world();
    const res = await tryAgent(admin, id, { method: "GET", path: "/big" });
    expect(res.json.status).toBe(200);
    expect(res.json.body.truncated).toBe(true);
    expect(res.json.body.text).toHaveLength(64 * 1024);
  });

  it("422 on paths that could leave /a/<slug>, bad headers and oversized bodies; nothing is sent", async () => {
    const { admin, id } = await world();
    seen.length = 0;
    const bad = [
      { path: "chat" },
      { path: "/../llm/v1/models" },
      { path: "/x/%2e%2e/%2E%2E/llm" },
      { path: "/./x" },
      { path: "/a b" },
      { path: "/x#frag" },
      { method: "TRACE", path: "/" },
      { path: "/", headers: { "X-Bad": "a\r\nInjected: 1" } },
      { path: "/", headers: { "Bad Name": "x" } },
      { path: "/", body: "x".repeat(64 * 1024 + 1) },
      { path: "/", extra: true },
    ];
    for (const body of bad) expect([JSON.stringify(body).slice(0, 80), (await tryAgent(admin, id, body)).status]).toEqual([JSON.stringify(body).slice(0, 80), 422]);
    expect(seen).toHaveLength(0);
  });

  it("502 gateway_unreachable when nothing answers at the gateway's address", async () => {
    const { admin, id } = await world();
    const before = process.env.GATEWAY_INTERNAL_URL;
    process.env.GATEWAY_INTERNAL_URL = "http://127.0.0.1:9";
    try {
      const res = await tryAgent(admin, id, { path: "/" });
      expect(res.status).toBe(502);
      expectErrorShape(res.json, new Response(null, { headers: res.headers }), "gateway_unreachable");
    } finally {
      process.env.GATEWAY_INTERNAL_URL = before;
    }
  });
});
