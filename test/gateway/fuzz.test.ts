import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { signContextToken } from "@/lib/agents/context-token";
import { tenant } from "@/test/support/world";
import { createTestAgent } from "@/test/factories/agents";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/support/fake-llm";
import { startFakeAgent, startJwksServer } from "@/test/support/jwks";
import { startTestGateway } from "@/test/support/gateway";
import { createTestTool, createTestToolPolicy } from "@/test/factories/tools";
import { request as httpRequest } from "node:http";

// Whatever a client or an agent sends, the gateway answers with a clear 4xx (or passes a valid
// call on): never a 500, never a hang, and a refused request reaches nobody upstream.

let gw: Awaited<ReturnType<typeof startTestGateway>>;
let fake: FakeOpenAI;
let idp: Awaited<ReturnType<typeof startJwksServer>>;
let agentServer: Awaited<ReturnType<typeof startFakeAgent>>;
let token = "";
let context = "";
let agentId = "";
let toolName = "";

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-platform-openai" });
  Object.assign(process.env, { EGRESS_ALLOWED_HOSTS: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai", OPENAI_BASE_URL: fake.baseURL });
  idp = await startJwksServer();
  agentServer = await startFakeAgent();
  // The context's run holds 1e9 of them; calls without one open runs of their own from the rest.
  const t = await tenant({ credits: 3_000_000_000n });
  const created = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, endpointUrl: agentServer.url, jwksUrl: idp.url, issuer: idp.issuer, audiences: [idp.audience] });
  token = created.token;
  agentId = created.agent.id;
  const run = await openAgentRun({ agent: { ...created.agent, runBudget: 1_000_000_000n, projectDefaultRunBudget: null }, endUserId: "fuzz", request: { method: "POST", path: "/", via: "ingress" } });
  context = await signContextToken({ agentId, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: "fuzz" });
  const tool = await createTestTool({ workspaceId: t.workspace.id, projectId: t.project.id, baseUrl: agentServer.url, capabilities: [{ method: "GET", path: "/v1/items/:id" }, { method: "POST", path: "/v1/items" }] });
  toolName = tool.name;
  await createTestToolPolicy({ tool, agentId, effect: "allow", method: "GET" });
  await createTestToolPolicy({ tool, agentId, effect: "approval_required", method: "POST" });
  gw = await startTestGateway();
});

afterAll(async () => {
  await gw.drain(1_000);
  await agentServer.close();
  await idp.close();
  await fake.close();
  for (const k of ["EGRESS_ALLOWED_HOSTS", "PLATFORM_OPENAI_API_KEY", "OPENAI_BASE_URL"]) delete process.env[k];
});

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.record({ model: fc.oneof(fc.constant("gpt-4o-mini"), fc.string(), fc.integer()), messages: fc.oneof(fc.constant([{ role: "user", content: "hi" }]), fc.jsonValue({ maxDepth: 3 })), stream: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })), max_tokens: fc.oneof(fc.integer(), fc.string(), fc.constant(undefined)), stream_options: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constant("[".repeat(50_000)),
);

describe("gateway fuzzing", () => {
  it("the LLM endpoint answers any body with a JSON status below 500 (or a completion), never hangs", async () => {
    await fc.assert(
      fc.asyncProperty(jsonish, fc.constantFrom("application/json", "text/plain", "application/json; charset=utf-8"), fc.boolean(), async (body, type, withContext) => {
        const res = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": type, ...(withContext ? { "x-agentruntime-context": context } : {}) }, body, signal: AbortSignal.timeout(10_000) });
        const text = await res.text();
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) expect(JSON.parse(text).error.message).toEqual(expect.any(String));
      }),
      { numRuns: 80 },
    );
  });

  it("the tool proxy answers any path, method and body with a JSON status below 500; only allowed, declared calls reach the tool", async () => {
    const before = agentServer.seen.length;
    let forwarded = 0;
    const piece = fc.constantFrom("/", "/", "v1", "items", "Items", "x", ".", "..", "%2F", "%2f", "%5C", "%2e", "%", "%zz", "%00", "//", "?", "&", "=", "\\", ":id", "*", "~", "a;b");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"), fc.oneof(fc.constant(""), jsonish), fc.boolean(), async (parts, method, body, withContext) => {
        const path = `/t/${toolName}${parts.join("")}`;
        const res = await rawRequest(method, path, body, { authorization: `Bearer ${token}`, "content-type": "application/json", ...(withContext ? { "x-agentruntime-context": context } : {}) });
        expect(res.status).toBeLessThan(500);
        if (res.status === 200) forwarded++;
        else if (method !== "HEAD") expect(JSON.parse(res.body).error.code).toEqual(expect.any(String));
      }),
      { numRuns: 120, examples: [[["/", "v1", "/", "items", "/", "x"], "GET", "", false], [["/", "v1", "/", "items"], "POST", "{}", true]] },
    );
    expect(forwarded).toBeGreaterThan(0);
    expect(agentServer.seen.length - before).toBe(forwarded);
  });

  it("ingress refuses any forged or malformed credential with 401 and forwards nothing", async () => {
    const before = agentServer.seen.length;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), fc.base64String({ maxLength: 200 }).map((s) => `${s}.${s}.${s}`)), fc.string({ maxLength: 40 }), async (jwt, path) => {
        const safe = jwt.replace(/[^\x21-\x7e]/g, "");
        const res = await fetch(`${gw.url}/a/${agentId}/${encodeURIComponent(path)}`, { headers: { authorization: `Bearer ${safe || "x"}`, "x-end-user-id": "mallory" }, signal: AbortSignal.timeout(10_000) });
        expect(res.status).toBe(401);
        await res.arrayBuffer();
      }),
      { numRuns: 60 },
    );
    expect(agentServer.seen.length).toBe(before);
  });
});

/** A request with the target exactly as given (no client-side normalization). */
function rawRequest(method: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const u = new URL(gw.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.end(body);
  });
}
