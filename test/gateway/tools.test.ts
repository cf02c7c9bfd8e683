import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { encryptSecret } from "@/lib/vault";
import { sealTokens } from "@/lib/connections/oauth/token-secret";
import { connectionSecretRef } from "@/lib/connections/present";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { signContextToken } from "@/lib/agents/context-token";
import { POST as approveRoute } from "@/app/v1/approvals/[id]/approve/route";
import { tenant } from "@/test/support/world";
import { call as callRoute, inProject } from "@/test/support/http";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestAgent } from "@/test/factories/agents";
import { createTestTool, createTestToolPolicy } from "@/test/factories/tools";
import { startTestGateway } from "@/test/support/gateway";
import { verifySigV4 } from "@/test/support/sigv4-verifier";

// The egress tool proxy end to end: a real gateway in this process and a recording upstream on
// 127.0.0.1. Whatever the pipeline refuses must reach the upstream with 0 requests — and so with
// 0 bytes of the credential.

const SECRET = "sk-tool-secret-0123456789";

type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

async function startRecordingUpstream() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const payload = JSON.stringify({ ok: true, url: req.url, n: seen.length });
      res.writeHead(req.url?.startsWith("/fail") ? 503 : 200, { "content-type": "application/json", "x-ratelimit-remaining": "4999", "set-cookie": "upstream=1" });
      res.end(payload);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: Awaited<ReturnType<typeof tenant<{ staff: false }>>>;
let gw: Awaited<ReturnType<typeof startTestGateway>>;
let up: Awaited<ReturnType<typeof startRecordingUpstream>>;
let agent: Awaited<ReturnType<typeof createTestAgent>>;
let connectionId: string;

beforeAll(async () => {
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  up = await startRecordingUpstream();
  t = await tenant({ staff: false });
  // Every open run holds its budget (10_000_000 here) until it ends: room for all of this file's runs.
  await grantTestCredits(t.workspace.id, 1_000_000_000n);
  agent = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, runBudget: 10_000_000n });
  connectionId = newId("connection");
  await db.connection.create({
    data: {
      id: connectionId,
      workspaceId: t.workspace.id,
      projectId: t.project.id,
      name: "stripe key",
      type: "api_key",
      provider: "custom",
      status: "active",
      config: { headerName: "X-Api-Key" },
      secret: await encryptSecret(connectionSecretRef(t.workspace.id, connectionId), SECRET),
      secretVersion: 1,
    },
  });
  gw = await startTestGateway();
});

afterAll(async () => {
  await gw.drain(1_000);
  await up.close();
  delete process.env.EGRESS_ALLOWED_HOSTS;
});

/** A tool of the project with the API key in X-Api-Key and Stripe-like capabilities. */
async function stripeTool(extra: Partial<Parameters<typeof createTestTool>[0]> = {}) {
  return createTestTool({
    workspaceId: t.workspace.id,
    projectId: t.project.id,
    baseUrl: `${up.url}/base`,
    capabilities: [
      { method: "GET", path: "/v1/charges" },
      { method: "GET", path: "/v1/charges/:id" },
      { method: "POST", path: "/v1/refunds" },
    ],
    credentialKind: "api_key",
    connectionId,
    credentialPlacement: "header",
    credentialName: "X-Api-Key",
    ...extra,
  });
}

/** An end-user request's run and the context token ingress would hand the agent. */
async function context(endUserId: string | null = "ada@example.com") {
  const run = await openAgentRun({ agent: { ...agent.agent, projectDefaultRunBudget: null }, endUserId, request: { method: "POST", path: "/", via: "ingress" } });
  const token = await signContextToken({ agentId: agent.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: endUserId ?? "" }, 300);
  return { run, token };
}

const toolCall = (tool: string, rest: string, init: { method?: string; headers?: Record<string, string>; body?: string; token?: string; context?: string } = {}) =>
  fetch(`${gw.url}/t/${tool}${rest}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token === "" ? {} : { authorization: `Bearer ${init.token ?? agent.token}` }),
      ...(init.context ? { "x-agentruntime-context": init.context } : {}),
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
      ...init.headers,
    },
    body: init.body,
  });

const secretSentSince = (from: number) => up.seen.slice(from).some((s) => JSON.stringify(s).includes(SECRET));
const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));

describe("tool proxy: the pipeline", () => {
  it("forwards an allowed call with the injected credential and the verified end user, nothing the agent forged", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    const { run, token } = await context("ada@example.com");
    const before = up.seen.length;
    const res = await toolCall(tool.name, "/v1/charges/ch_1?expand=customer", {
      token: agent.token,
      context: token,
      headers: { "x-end-user-id": "mallory@example.com", "x-api-key": "agent-guess", cookie: "a=b", "x-amz-security-token": "forged", accept: "application/json", "idempotency-key": "refund-ch_1-1" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, url: "/base/v1/charges/ch_1?expand=customer" });
    expect(res.headers.get("x-agentruntime-run-id")).toBe(run.id);
    expect(res.headers.get("set-cookie")).toBeNull();
    // The tool's own rate-limit header passes unchanged; ours are under our name.
    expect(res.headers.get("x-ratelimit-remaining")).toBe("4999");
    expect(res.headers.get("x-agentruntime-ratelimit-limit")).toBe("600");
    expect(up.seen.length).toBe(before + 1);
    const seen = up.seen.at(-1)!;
    expect(seen.headers["x-api-key"]).toBe(SECRET);
    expect(seen.headers["x-end-user-id"]).toBe("ada@example.com");
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers["x-amz-security-token"]).toBeUndefined();
    expect(seen.headers["x-agentruntime-context"]).toBeUndefined();
    expect(seen.headers.accept).toBe("application/json");
    // Named like a key, but the tool's own retry identity: it passes.
    expect(seen.headers["idempotency-key"]).toBe("refund-ch_1-1");

    // Recorded as a step of the run, durably before the answer completed; never the credential.
    const steps = await db.runStep.findMany({ where: { runId: run.id } });
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ nodeType: "tool", status: "succeeded" });
    expect(steps[0].input).toMatchObject({ tool: tool.name, method: "GET", path: "/v1/charges/ch_1", endUserId: "ada@example.com", decision: "allow" });
    expect(steps[0].output).toMatchObject({ status: 200 });
    const usage = await db.usageRecord.findMany({ where: { runId: run.id } });
    expect(usage).toMatchObject([{ kind: "tool", charge: 500n }]);
    expect(json(await db.runEvent.findMany({ where: { runId: run.id } }))).not.toContain(SECRET);
    expect(json(steps)).not.toContain(SECRET);
  });

  it("refuses unknown tools, calls without a binding, denied and undeclared calls — nothing reaches the upstream", async () => {
    const tool = await stripeTool();
    const before = up.seen.length;
    // No binding: zero trust.
    let res = await toolCall(tool.name, "/v1/charges");
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("policy_denied");
    // Unknown tool.
    res = await toolCall("no-such-tool", "/v1/charges");
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatchObject({ code: "unknown_tool", requestId: expect.any(String) });
    // No agent token / a bad one.
    expect((await toolCall(tool.name, "/v1/charges", { token: "" })).status).toBe(401);
    expect((await toolCall(tool.name, "/v1/charges", { token: "ar_agt_notarealtoken" })).status).toBe(401);
    // A forged context token.
    expect((await toolCall(tool.name, "/v1/charges", { context: "eyJhbGciOiJIUzI1NiJ9.e30.x" })).status).toBe(401);

    // allow for everything, deny for refunds: the more specific binding wins.
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "deny", method: "POST", pathPattern: "/v1/refunds" });
    const fresh = await stripeTool({ name: `${tool.name}-b` });
    await createTestToolPolicy({ tool: fresh, agentId: agent.agent.id, effect: "allow" });
    await createTestToolPolicy({ tool: fresh, agentId: agent.agent.id, effect: "deny", method: "POST", pathPattern: "/v1/refunds" });
    res = await toolCall(fresh.name, "/v1/refunds", { method: "POST", body: "{}" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("policy_denied");
    // Allowed by policy, not declared by the tool.
    res = await toolCall(fresh.name, "/v1/charges", { method: "DELETE" });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("capability_denied");
    expect(up.seen.length).toBe(before);
    expect(secretSentSince(before)).toBe(false);
    // And the same tool forwards what it declares.
    res = await toolCall(fresh.name, "/v1/charges");
    expect(res.status).toBe(200);
    expect(up.seen.length).toBe(before + 1);
  });

  it("never lets a path trick match a capability it should not", async () => {
    const tool = await stripeTool({ capabilities: [{ method: "GET", path: "/v1/charges/:id" }] });
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "deny", pathPattern: "/v1/refunds{/*rest}" });
    const before = up.seen.length;
    const tricks: Array<[string, number, string]> = [
      ["/v1/charges/..%2Frefunds", 400, "invalid_path"],
      ["/v1/charges/..%2frefunds", 400, "invalid_path"],
      ["/v1/charges/x%5C..%5Crefunds", 400, "invalid_path"],
      ["/v1/charges/../refunds", 400, "invalid_path"],
      ["/v1/charges/%2e%2e/refunds", 400, "invalid_path"],
      ["//v1/refunds", 400, "invalid_path"],
      ["/v1//charges/ch_1", 400, "invalid_path"],
      ["/v1/charges/ch_1/", 403, "capability_denied"],
      ["/V1/charges/ch_1", 403, "capability_denied"],
      ["/v1/Charges/ch_1", 403, "capability_denied"],
      ["/v1/charges", 403, "capability_denied"],
      ["/v1/charges/ch_1/refunds", 403, "capability_denied"],
    ];
    for (const [path, status, code] of tricks) {
      // Sent raw: fetch would resolve dot segments itself.
      const res = await rawGet(`/t/${tool.name}${path}`);
      expect([path, res.status]).toEqual([path, status]);
      expect(JSON.parse(res.body).error.code).toBe(code);
    }
    expect(up.seen.length).toBe(before);
    const ok = await rawGet(`/t/${tool.name}/v1/charges/ch_1`);
    expect(ok.status).toBe(200);
  });

  it("limits calls per policy binding: L + k calls, exactly L pass, with the headers, Remaining only decreasing", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow", callsPerMinute: 5 });
    const before = up.seen.length;
    const remaining: number[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await toolCall(tool.name, "/v1/charges");
      statuses.push(res.status);
      remaining.push(Number(res.headers.get(res.status === 429 ? "x-ratelimit-remaining" : "x-agentruntime-ratelimit-remaining")));
      if (res.status === 429) {
        expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(res.headers.get("x-ratelimit-limit")).toBe("5");
        expect(Number(res.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
        expect((await res.json()).error.code).toBe("rate_limited");
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(up.seen.length).toBe(before + 5);
    for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBeLessThanOrEqual(remaining[i - 1]);
    expect(remaining.slice(0, 5)).toEqual([4, 3, 2, 1, 0]);
  });

  it("holds the call's price on the run: over its budget → 402 and nothing sent", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    const { run, token } = await context();
    await db.run.update({ where: { id: run.id }, data: { budget: 100n } });
    const before = up.seen.length;
    const res = await toolCall(tool.name, "/v1/charges", { context: token });
    expect(res.status).toBe(402);
    expect((await res.json()).error.code).toBe("budget_exceeded");
    expect(up.seen.length).toBe(before);
    const steps = await db.runStep.findMany({ where: { runId: run.id } });
    expect(steps).toMatchObject([{ nodeType: "tool", status: "failed", error: { code: "budget_exceeded" } }]);
  });

  it("a tool that cannot be connected to answers 502 and costs nothing: the request never left", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const tool = await stripeTool({ baseUrl: `http://127.0.0.1:${port}/base` });
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    const { run, token } = await context();
    const res = await toolCall(tool.name, "/v1/charges", { context: token });
    expect(res.status).toBe(502);
    expect((await res.json()).error.code).toBe("tool_unreachable");
    expect(await db.runStep.findMany({ where: { runId: run.id } })).toMatchObject([{ nodeType: "tool", status: "failed", error: { code: "tool_unreachable" } }]);
    expect(await db.usageRecord.findMany({ where: { runId: run.id } })).toMatchObject([{ kind: "tool", charge: 0n }]);
    expect(await db.ledgerEntry.count({ where: { runId: run.id, amount: { not: 0n } } })).toBe(0);
  });

  it("gives a call without a context token a run of its own, finished after the call", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
    const res = await toolCall(tool.name, "/v1/charges");
    expect(res.status).toBe(200);
    const runId = res.headers.get("x-agentruntime-run-id")!;
    await expect.poll(async () => (await db.run.findUnique({ where: { id: runId } }))?.status).toBe("succeeded");
    expect(await db.runStep.count({ where: { runId, nodeType: "tool" } })).toBe(1);
  });
});

describe("tool proxy: OAuth", () => {
  it("a token the upstream refuses with 401 before its expiry is refreshed once and the call sent again: the agent sees 200, one charge", async () => {
    const ENV = ["GOOGLE_CONNECTIONS_CLIENT_ID", "GOOGLE_CONNECTIONS_CLIENT_SECRET", "GOOGLE_OAUTH_TOKEN_URL"] as const;
    const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
    let refreshes = 0;
    const tokenServer = createServer((r, res) => {
      r.resume();
      r.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ access_token: `at-fresh-${++refreshes}`, token_type: "Bearer", expires_in: 3600 })));
    });
    const seen: string[] = [];
    // The upstream revoked the stored token early: it accepts only refreshed ones.
    const api = createServer((r, res) => {
      seen.push(String(r.headers.authorization));
      r.resume();
      const fresh = /^Bearer at-fresh-/.test(String(r.headers.authorization));
      res.writeHead(fresh ? 200 : 401, { "content-type": "application/json" }).end(JSON.stringify(fresh ? { ok: true } : { error: "invalid_token" }));
    });
    await Promise.all([tokenServer, api].map((srv) => new Promise<void>((r) => srv.listen(0, "127.0.0.1", r))));
    const port = (srv: typeof api) => (srv.address() as AddressInfo).port;
    Object.assign(process.env, {
      GOOGLE_CONNECTIONS_CLIENT_ID: "tools-oauth-client",
      GOOGLE_CONNECTIONS_CLIENT_SECRET: "tools-oauth-secret",
      GOOGLE_OAUTH_TOKEN_URL: `http://127.0.0.1:${port(tokenServer)}/token`,
    });
    try {
      const id = newId("connection");
      const secret = await sealTokens({ id, workspaceId: t.workspace.id }, { accessToken: "at-revoked-early", refreshToken: "rt-1", tokenType: "Bearer" });
      await db.connection.create({
        data: { id, workspaceId: t.workspace.id, projectId: t.project.id, name: id, type: "oauth2", provider: "google", status: "active", secret, secretVersion: 1, accessTokenExpiresAt: new Date(Date.now() + 3_600_000) },
      });
      const tool = await createTestTool({
        workspaceId: t.workspace.id,
        projectId: t.project.id,
        baseUrl: `http://127.0.0.1:${port(api)}`,
        capabilities: [{ method: "GET", path: "/me" }],
        credentialKind: "oauth2",
        connectionId: id,
      });
      await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
      const { run, token } = await context();
      const res = await toolCall(tool.name, "/me", { context: token });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect(seen).toEqual(["Bearer at-revoked-early", "Bearer at-fresh-1"]);
      expect(refreshes).toBe(1);
      expect(await db.usageRecord.findMany({ where: { runId: run.id } })).toMatchObject([{ kind: "tool", charge: 500n }]);
      const steps = await db.runStep.findMany({ where: { runId: run.id } });
      expect(steps).toMatchObject([{ nodeType: "tool", status: "succeeded" }]);
      expect(json(steps)).not.toMatch(/at-revoked-early|at-fresh-1/);
      // The next call uses the refreshed token at once.
      expect((await toolCall(tool.name, "/me", { context: token })).status).toBe(200);
      expect(seen.at(-1)).toBe("Bearer at-fresh-1");
      expect(refreshes).toBe(1);
    } finally {
      for (const k of ENV) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      await Promise.all([tokenServer, api].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
    }
  });
});

describe("tool proxy: SigV4", () => {
  it("signs the call as forwarded: an independent verifier on the upstream accepts it, the agent's own signature never arrives", async () => {
    const keys = { accessKeyId: "AKIDGATEWAY", secretAccessKey: "gateway/secret+key" };
    const verdicts: Array<string | null> = [];
    const aws = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const why = verifySigV4(req, Buffer.concat(chunks), keys);
        verdicts.push(why);
        res.writeHead(why ? 403 : 200, { "content-type": "application/json" }).end(JSON.stringify({ ok: !why }));
      });
    });
    await new Promise<void>((r) => aws.listen(0, "127.0.0.1", r));
    try {
      const id = newId("connection");
      await db.connection.create({
        data: { id, workspaceId: t.workspace.id, projectId: t.project.id, name: "aws keys", type: "api_key", provider: "custom", status: "active", secret: await encryptSecret(connectionSecretRef(t.workspace.id, id), JSON.stringify(keys)), secretVersion: 1 },
      });
      const tool = await createTestTool({ workspaceId: t.workspace.id, projectId: t.project.id, baseUrl: `http://127.0.0.1:${(aws.address() as AddressInfo).port}/prod`, credentialKind: "sigv4", connectionId: id });
      await db.tool.update({ where: { id: tool.id }, data: { sigv4Service: "execute-api", sigv4Region: "eu-west-1" } });
      await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow" });
      const res = await toolCall(tool.name, "/orders/o-1?b=2&a=1", {
        method: "PUT",
        body: JSON.stringify({ qty: 2 }),
        headers: { "x-amz-date": "20000101T000000Z", "x-amz-security-token": "forged", "x-amz-meta-note": "kept" },
      });
      expect(res.status).toBe(200);
      expect(verdicts).toEqual([null]);
    } finally {
      await new Promise<void>((r) => aws.close(() => r()));
    }
  });
});

describe("tool proxy: approvals bound to the exact call", () => {
  const approve = (id: string, body: object = {}) => callRoute(approveRoute, `/v1/approvals/${id}/approve`, { method: "POST", headers: inProject(t.owner, t.slug), params: { id }, body });

  it("asks for approval, then lets the identical retry through exactly once; another body stays blocked", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "approval_required", method: "POST" });
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "allow", method: "GET" });
    const { run, token } = await context("ada@example.com");
    const before = up.seen.length;
    const body = JSON.stringify({ charge: "ch_1", amount: 500 });
    let res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body, context: token });
    expect(res.status).toBe(403);
    const refused = await res.json();
    expect(refused.error).toMatchObject({ code: "APPROVAL_REQUIRED", accessRequestId: expect.stringMatching(/^apr_/), approvalUrl: expect.stringContaining(`/approvals?approval=`), requestId: expect.any(String) });
    const approvalId = refused.error.accessRequestId as string;
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("waiting_approval");
    // Asking again points at the same request.
    res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body, context: token });
    expect((await res.json()).error.accessRequestId).toBe(approvalId);
    expect(up.seen.length).toBe(before);
    // GETs are allowed meanwhile: the agent goes on.
    expect((await toolCall(tool.name, "/v1/charges", { context: token })).status).toBe(200);

    const decided = await approve(approvalId);
    expect(decided.status).toBe(200);
    expect(decided.json).toMatchObject({ status: "approved", grant: { uses: 1, used: 0 }, gatewayCall: { tool: tool.name, method: "POST", path: "/v1/refunds", endUserId: "ada@example.com" } });
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("running");

    // The same call with its keys in another order is the same call.
    res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body: JSON.stringify({ amount: 500, charge: "ch_1" }), context: token });
    expect(res.status).toBe(200);
    // The step is committed before the answer ends (not before its headers): read it to the end.
    await res.arrayBuffer();
    expect(up.seen.at(-1)).toMatchObject({ method: "POST", url: "/base/v1/refunds" });
    const step = await db.runStep.findFirstOrThrow({ where: { runId: run.id, status: "succeeded", input: { path: ["method"], equals: "POST" } } });
    expect(step.input).toMatchObject({ decision: "approved", approvalId, approvedBy: t.owner.id });
    // Single use: the next identical call asks again.
    res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body, context: token });
    expect(res.status).toBe(403);
    const again = (await res.json()).error;
    expect(again.code).toBe("APPROVAL_REQUIRED");
    expect(again.accessRequestId).not.toBe(approvalId);
    // A second approval with three uses: one changed body byte is another call.
    expect((await approve(again.accessRequestId, { grant: { uses: 3 } })).status).toBe(200);
    res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body: JSON.stringify({ charge: "ch_1", amount: 501 }), context: token });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("APPROVAL_REQUIRED");
    // Another end user is another call too.
    const other = await context("bob@example.com");
    res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body, context: other.token });
    expect((await res.json()).error.code).toBe("APPROVAL_REQUIRED");
    expect(up.seen.filter((s) => s.method === "POST").length).toBe(up.seen.slice(0, before).filter((s) => s.method === "POST").length + 1);
  });

  it("refuses an expired grant, lets one of two concurrent retries through on a single-use grant, and decides once under concurrent approvals", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "approval_required" });
    const body = JSON.stringify({ charge: "ch_9" });
    const ask = async () => (await (await toolCall(tool.name, "/v1/refunds", { method: "POST", body })).json()).error.accessRequestId as string;

    const first = await ask();
    const [a, b] = await Promise.all([approve(first), approve(first)]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await db.approval.count({ where: { id: first, status: "approved" } })).toBe(1);
    const before = up.seen.length;
    const results = await Promise.all(Array.from({ length: 5 }, () => toolCall(tool.name, "/v1/refunds", { method: "POST", body })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 403, 403, 403, 403]);
    expect(up.seen.length).toBe(before + 1);

    const second = await ask();
    expect((await approve(second)).status).toBe(200);
    await db.approval.update({ where: { id: second }, data: { grantExpiresAt: new Date(Date.now() - 1000) } });
    const res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("APPROVAL_REQUIRED");
    expect(up.seen.length).toBe(before + 1);
  });

  it("refuses the call's own end user as approver", async () => {
    const tool = await stripeTool();
    await createTestToolPolicy({ tool, agentId: agent.agent.id, effect: "approval_required" });
    const { token } = await context(t.owner.email);
    const res = await toolCall(tool.name, "/v1/refunds", { method: "POST", body: "{}", context: token });
    const id = (await res.json()).error.accessRequestId as string;
    const decided = await approve(id);
    expect(decided.status).toBe(403);
    expect(decided.json.error.message).toContain("self_approval");
  });
});

/** A GET with the request target exactly as given (no client-side normalization). */
function rawGet(target: string): Promise<{ status: number; body: string }> {
  const u = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method: "GET", path: target, headers: { authorization: `Bearer ${agent.token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}
