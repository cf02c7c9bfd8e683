import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { db } from "@/lib/db/client";
import { GET as getRunSteps } from "@/app/v1/runs/[id]/steps/route";
import { GET as listRuns } from "@/app/v1/runs/route";
import { call, inProject } from "@/test/support/http";
import { tenant } from "@/test/support/world";
import { createTestAgent } from "@/test/factories/agents";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/support/fake-llm";
import { startFakeAgent, startJwksServer } from "@/test/support/jwks";
import { startTestGateway } from "@/test/support/gateway";

// The whole chain of seed 002: client (end-user JWT) → ingress → the agent, which calls the
// LLM gateway with its agent token and the context token it was handed → the model. The run of
// the request holds the model call as a step naming the verified end user, and the REST API
// (/v1/runs, /v1/runs/{id}/steps) shows it like any run.

let gw: Awaited<ReturnType<typeof startTestGateway>>;
let fake: FakeOpenAI;
let idp: Awaited<ReturnType<typeof startJwksServer>>;
let agentServer: Awaited<ReturnType<typeof startFakeAgent>>;
let agentToken = "";

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-platform-openai" });
  Object.assign(process.env, { EGRESS_ALLOWED_HOSTS: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai", OPENAI_BASE_URL: fake.baseURL });
  idp = await startJwksServer();
  gw = await startTestGateway();
  // The customer's agent: it knows only its token and LLM_GATEWAY_URL, and passes the context on.
  agentServer = await startFakeAgent(async (req, res) => {
    const llm = new OpenAI({ apiKey: agentToken, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": String(req.headers["x-agentruntime-context"]) }, maxRetries: 0 });
    const answer = await llm.chat.completions.create({ model: "default", messages: [{ role: "user", content: JSON.parse(req.body).q }] });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ answer: answer.choices[0].message.content, user: req.headers["x-end-user-id"] }));
  });
});

afterAll(async () => {
  await gw.drain(1_000);
  await agentServer.close();
  await idp.close();
  await fake.close();
  for (const k of ["EGRESS_ALLOWED_HOSTS", "PLATFORM_OPENAI_API_KEY", "OPENAI_BASE_URL"]) delete process.env[k];
});

describe("client → ingress → agent → LLM gateway", () => {
  it("records the request as one agent run whose LLM call is a step of the verified end user", async () => {
    const t = await tenant({ credits: 50_000_000n });
    const created = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, endpointUrl: agentServer.url, jwksUrl: idp.url, issuer: idp.issuer, audiences: [idp.audience], userClaim: "email" });
    agentToken = created.token;
    const jwt = await idp.sign({ email: "ada@example.com" });
    const res = await fetch(`${gw.url}/a/${created.agent.id}/ask`, { method: "POST", headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" }, body: JSON.stringify({ q: "hello" }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ answer: fake.text, user: "ada@example.com" });
    const runId = res.headers.get("x-agentruntime-run-id")!;
    await expect.poll(async () => (await db.run.findUnique({ where: { id: runId } }))?.status).toBe("succeeded");

    const steps = await call(getRunSteps, `/v1/runs/${runId}/steps`, { headers: inProject(t.owner, t.slug), params: { id: runId } });
    expect(steps.status).toBe(200);
    expect(steps.json.steps).toHaveLength(1);
    expect(steps.json.usage).toHaveLength(1);
    expect(steps.json.steps[0]).toMatchObject({ nodeType: "llm", status: "succeeded", tokensIn: 12, tokensOut: 8 });
    expect(steps.json.steps[0].input).toMatchObject({ endUserId: "ada@example.com", model: "gpt-4o-mini", role: "default" });

    const runs = await call(listRuns, "/v1/runs", { headers: inProject(t.owner, t.slug), query: { kind: "agent" } });
    expect(runs.status).toBe(200);
    expect(runs.json.data.map((r: { id: string }) => r.id)).toEqual([runId]);
    expect(runs.json.data[0]).toMatchObject({ kind: "agent", trigger: "agent", workflow: null, agent: { id: created.agent.id }, endUserId: "ada@example.com", status: "succeeded" });
    expect(runs.json.data[0].spent).toBeGreaterThan(0);

    const events = await db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["run.started", "step.succeeded", "run.succeeded"]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it("100 end-user requests, 20 at a time, each with a model call: 100 runs succeeded, 100 usage records, the balance exactly debited", async () => {
    const t = await tenant({ credits: 50_000_000n });
    const created = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, endpointUrl: agentServer.url, jwksUrl: idp.url, issuer: idp.issuer, audiences: [idp.audience], userClaim: "email" });
    agentToken = created.token;
    const before = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    const jwts = await Promise.all(Array.from({ length: 20 }, (_, i) => idp.sign({ email: `user-${i}@example.com` })));
    const runIds: string[] = [];
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      await Promise.all(
        jwts.map(async (jwt) => {
          const res = await fetch(`${gw.url}/a/${created.agent.id}/ask`, { method: "POST", headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" }, body: JSON.stringify({ q: "hello" }) });
          statuses.push(res.status);
          runIds.push(res.headers.get("x-agentruntime-run-id")!);
          await res.arrayBuffer();
        }),
      );
    }
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    await expect.poll(async () => db.run.count({ where: { id: { in: runIds }, status: "succeeded" } }), { timeout: 15_000 }).toBe(100);
    const usage = await db.usageRecord.findMany({ where: { runId: { in: runIds } }, select: { charge: true } });
    expect(usage).toHaveLength(100);
    const charged = usage.reduce((sum, u) => sum + u.charge, 0n);
    const after = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(before.balance - after.balance).toBe(charged);
    expect(after.held).toBe(0n);
    const ledger = await db.ledgerEntry.aggregate({ where: { workspaceId: t.workspace.id, kind: "usage" }, _sum: { amount: true } });
    expect(ledger._sum.amount).toBe(-charged);
  }, 60_000);
});
