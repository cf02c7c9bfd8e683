import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { exportSPKI, generateKeyPair, base64url } from "jose";
import { db } from "@/lib/db/client";
import { verifyContextToken } from "@/lib/agents/context-token";
import { tenant } from "@/test/support/world";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestAgent } from "@/test/factories/agents";
import { startFakeAgent, startJwksServer } from "@/test/support/jwks";
import { startTestGateway } from "@/test/support/gateway";

// Ingress end to end: a real gateway, a local identity provider (JWKS) and a local agent, all
// on 127.0.0.1. A refused request must never reach the agent.

let gw: Awaited<ReturnType<typeof startTestGateway>>;
let idp: Awaited<ReturnType<typeof startJwksServer>>;
let agentServer: Awaited<ReturnType<typeof startFakeAgent>>;
let agentId: string;
let workspaceId: string;

beforeAll(async () => {
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  process.env.GATEWAY_JWKS_COOLDOWN_MS = "0";
  idp = await startJwksServer();
  agentServer = await startFakeAgent();
  const t = await tenant();
  workspaceId = t.workspace.id;
  await grantTestCredits(workspaceId, 10_000_000n);
  const { agent } = await createTestAgent({
    workspaceId,
    projectId: t.project.id,
    endpointUrl: `${agentServer.url}/agent`,
    jwksUrl: idp.url,
    issuer: idp.issuer,
    audiences: [idp.audience],
    userClaim: "email",
    allowedOrigins: ["https://app.example"],
  });
  agentId = agent.id;
  gw = await startTestGateway();
});

afterAll(async () => {
  await gw.drain(1_000);
  await agentServer.close();
  await idp.close();
  delete process.env.EGRESS_ALLOWED_HOSTS;
  delete process.env.GATEWAY_JWKS_COOLDOWN_MS;
});

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(`${gw.url}/a/${agentId}${path}`, init);

describe("ingress", () => {
  it("forwards a verified request with X-End-User-ID, a context token and no client credentials", async () => {
    const jwt = await idp.sign({ email: "ada@example.com", sub: "u-1" });
    const before = agentServer.seen.length;
    const res = await call("/chat?x=1", {
      method: "POST",
      headers: { authorization: `Bearer ${jwt}`, cookie: "session=abc", "x-end-user-id": "mallory@example.com", "x-agentruntime-context": "forged", "content-type": "application/json" },
      body: JSON.stringify({ q: "hi" }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, user: "ada@example.com" });
    const runId = res.headers.get("x-agentruntime-run-id")!;
    expect(runId).toMatch(/^run_/);
    expect(agentServer.seen.length).toBe(before + 1);
    const seen = agentServer.seen.at(-1)!;
    expect(seen.path).toBe("/agent/chat?x=1");
    expect(seen.body).toBe('{"q":"hi"}');
    expect(seen.headers["content-length"]).toBe("10");
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers["x-end-user-id"]).toBe("ada@example.com");
    const context = await verifyContextToken(String(seen.headers["x-agentruntime-context"]), agentId);
    expect(context).toMatchObject({ agentId, runId, workspaceId, endUserId: "ada@example.com" });
    // The run is the request's record: kind agent, the verified user, finished with the answer.
    await expect.poll(async () => (await db.run.findUnique({ where: { id: runId } }))?.status).toBe("succeeded");
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ kind: "agent", agentId, endUserId: "ada@example.com", trigger: "agent", workflowId: null, creditHold: 0n });
  });

  it("refuses bad tokens with 401 and the agent receives nothing", async () => {
    const other = await generateKeyPair("RS256");
    const publicPem = await exportSPKI((await generateKeyPair("RS256", { extractable: true })).publicKey);
    const header = (h: object) => base64url.encode(JSON.stringify(h));
    const claims = { email: "ada@example.com", iss: idp.issuer, aud: idp.audience, exp: Math.floor(Date.now() / 1000) + 300 };
    const none = `${header({ alg: "none", typ: "JWT" })}.${base64url.encode(JSON.stringify(claims))}.`;
    const hsInput = `${header({ alg: "HS256", kid: "k1" })}.${base64url.encode(JSON.stringify(claims))}`;
    const hs256WithPublicKey = `${hsInput}.${base64url.encode(createHmac("sha256", publicPem).update(hsInput).digest())}`;
    const cases: Record<string, string> = {
      "wrong signature": await idp.sign({ email: "ada@example.com" }, { key: other.privateKey }),
      "wrong issuer": await idp.sign({ email: "ada@example.com" }, { issuer: "https://evil.test" }),
      "wrong audience": await idp.sign({ email: "ada@example.com" }, { audience: "someone-else" }),
      expired: await idp.sign({ email: "ada@example.com" }, { expiresIn: Math.floor(Date.now() / 1000) - 120 }),
      "alg none": none,
      "HS256 with the public key as secret": hs256WithPublicKey,
      "unknown kid": await idp.sign({ email: "ada@example.com" }, { kid: "nope", key: other.privateKey }),
      "no user claim": await idp.sign({ sub: "u-1" }),
      garbage: "not.a.jwt",
    };
    const before = agentServer.seen.length;
    for (const [name, jwt] of Object.entries(cases)) {
      const res = await call("/chat", { headers: { authorization: `Bearer ${jwt}`, "x-end-user-id": "mallory@example.com" } });
      expect([name, res.status]).toEqual([name, 401]);
      expect(res.headers.get("www-authenticate")).toContain("invalid_token");
      const body = await res.json();
      expect(body.error.code).toBe("invalid_token");
    }
    // A forged identity header with no token at all.
    const forged = await call("/chat", { headers: { "x-end-user-id": "mallory@example.com" } });
    expect(forged.status).toBe(401);
    expect(agentServer.seen.length).toBe(before);
  });

  it("picks up a key rotation at the identity provider", async () => {
    await idp.addKey("k2");
    const jwt = await idp.sign({ email: "grace@example.com" }, { kid: "k2" });
    const res = await call("/whoami", { headers: { authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toBe("grace@example.com");
    // The retired key stops working once the provider drops it and the set is refetched.
    idp.removeKey("k1");
    await call("/whoami", { headers: { authorization: `Bearer ${await idp.sign({ email: "x@example.com" }, { kid: "k3-unknown", key: (await generateKeyPair("RS256")).privateKey })}` } });
    const old = await idp.sign({ email: "ada@example.com" }, { kid: "k2" });
    expect((await call("/whoami", { headers: { authorization: `Bearer ${old}` } })).status).toBe(200);
  });

  it("refuses a disallowed origin and answers preflights for allowed ones", async () => {
    const jwt = await idp.sign({ email: "ada@example.com" }, { kid: "k2" });
    const before = agentServer.seen.length;
    const refused = await call("/chat", { headers: { authorization: `Bearer ${jwt}`, origin: "https://evil.example" } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("origin_not_allowed");
    const badPreflight = await call("/chat", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(badPreflight.status).toBe(403);
    expect(agentServer.seen.length).toBe(before);

    const preflight = await call("/chat", { method: "OPTIONS", headers: { origin: "https://app.example", "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(preflight.headers.get("vary")).toContain("Origin");
    expect(agentServer.seen.length).toBe(before);
    const ok = await call("/chat", { headers: { authorization: `Bearer ${jwt}`, origin: "https://app.example" } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(agentServer.seen.length).toBe(before + 1);
  });

  it("health and readiness answer; unknown paths are JSON 404s and wrong methods 405", async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${gw.url}/readyz`)).json()).toEqual({ status: "ready" });
    const missing = await fetch(`${gw.url}/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "not_found", requestId: expect.stringMatching(/^req_/) });
    const wrong = await fetch(`${gw.url}/llm/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("a body over the cap is refused with 413 and the agent never gets a whole request", async () => {
    process.env.GATEWAY_INGRESS_MAX_BODY_BYTES = "1000";
    try {
      const jwt = await idp.sign({ email: "ada@example.com" }, { kid: "k2" });
      const before = agentServer.seen.length;
      const res = await call("/upload", { method: "POST", headers: { authorization: `Bearer ${jwt}`, "content-type": "application/octet-stream" }, body: "x".repeat(50_000) });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("payload_too_large");
      expect(agentServer.seen.length).toBe(before);
    } finally {
      delete process.env.GATEWAY_INGRESS_MAX_BODY_BYTES;
    }
  });

  it("an agent without a complete identity provider has its ingress closed (403), whatever the token", async () => {
    const t = await tenant();
    const jwt = await idp.sign({ email: "ada@example.com" }, { kid: "k2" });
    const before = agentServer.seen.length;
    for (const idpFields of [{ jwksUrl: null }, { jwksUrl: idp.url, issuer: null, audiences: [idp.audience] }, { jwksUrl: idp.url, issuer: idp.issuer, audiences: [] }]) {
      const { agent } = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, endpointUrl: agentServer.url, userClaim: "email", ...idpFields });
      const res = await fetch(`${gw.url}/a/${agent.id}/chat`, { headers: { authorization: `Bearer ${jwt}` } });
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("ingress_not_configured");
    }
    expect(agentServer.seen.length).toBe(before);
  });

  it("answers 404 for an unknown agent and 402 when the workspace has no credits", async () => {
    const jwt = await idp.sign({ email: "ada@example.com" }, { kid: "k2" });
    const unknown = await fetch(`${gw.url}/a/agt_doesnotexist/chat`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(unknown.status).toBe(404);
    const poor = await tenant();
    const { agent } = await createTestAgent({ workspaceId: poor.workspace.id, projectId: poor.project.id, endpointUrl: agentServer.url, jwksUrl: idp.url, issuer: idp.issuer, audiences: [idp.audience], userClaim: "email" });
    const before = agentServer.seen.length;
    const res = await fetch(`${gw.url}/a/${agent.id}/chat`, { headers: { authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(402);
    expect((await res.json()).error.code).toBe("insufficient_credits");
    expect(agentServer.seen.length).toBe(before);
  });
});
