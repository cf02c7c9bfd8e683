// Receipts of agent runs, whose steps the gateway writes with one SQL statement per batch
// (lib/agents/agent-usage.ts): the links computed in SQL are the ones the TypeScript verifier
// recomputes — for several runs in one batch, across batches, for concurrent batches on one run,
// for awkward JSON — and a byte changed later fails at its step. The LLM gateway end to end is in
// the last test.
import pg from "pg";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { openAgentRun, type AgentRunRef } from "@/lib/agents/agent-runs";
import type { AgentCallRecord } from "@/lib/agents/agent-usage";
import { signContextToken } from "@/lib/agents/context-token";
import { platformJwks } from "@/lib/platform-keys/platform-keys";
import { RunReceiptInvalid, verifyRunReceipt, type RunReceipt } from "@/lib/runs/receipts/verify-run-receipt";
import { GET as receiptRoute } from "@/app/v1/runs/[id]/receipt/route";
import { agentCallRecord, commitAgentCallsOn, createTestAgent } from "@/test/factories/agents";
import { startFakeOpenAI, type FakeOpenAI } from "@/test/support/fake-llm";
import { startTestGateway } from "@/test/support/gateway";
import { call, inProject } from "@/test/support/http";
import { tenant, type Tenant } from "@/test/support/world";

let t: Tenant;
let agent: Awaited<ReturnType<typeof createTestAgent>>;
let pool: pg.Pool;

const AWKWARD = {
  zeta: 1,
  "é": "ü ✓ 😀 \u2028 \"q\" \\ \n\t",
  nested: { b: [1e21, 0.1, -0, 5e-324, 1152921504606847000, 1.5e-7, true, null], a: { "": "", seq: 99, '"seq":': "x" } },
  Z: "upper before lower",
};

async function agentRun(): Promise<AgentRunRef> {
  return openAgentRun({ agent: { ...agent.agent, runBudget: null, projectDefaultRunBudget: null }, endUserId: "ada@example.com", request: { method: "POST", path: "/chat", via: "ingress" } });
}

function record(run: AgentRunRef, n: number, extra: Partial<AgentCallRecord> = {}): AgentCallRecord {
  return agentCallRecord(
    run,
    { tokensIn: 10 + n, cost: 1200n + BigInt(n), charge: 1500n, stepInput: { model: "gpt-4o-mini", endUserId: "ada@example.com", n }, ...extra },
    { agoMs: 250 - n, tookMs: 37 },
  );
}

const commit = (records: AgentCallRecord[]) => commitAgentCallsOn(pool, records);

async function receiptOf(runId: string) {
  const res = await call(receiptRoute, "/x", { headers: inProject(t.owner, t.slug, t.project.slug), params: { id: runId } });
  expect(res.status).toBe(200);
  return res.json as RunReceipt & { chain: { steps: Array<Record<string, unknown> & { seq: number; hash: string; prevHash: string }> } };
}

beforeAll(async () => {
  t = await tenant({ credits: 1_000_000_000n });
  agent = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 12 });
});

afterAll(async () => {
  await pool?.end();
});

describe("receipts of agent runs (the gateway's batch writer)", () => {
  it("two runs in one batch, then a second batch: the SQL links are what the verifier computes", async () => {
    const [a, b] = [await agentRun(), await agentRun()];
    await commit([record(a, 1, { stepInput: AWKWARD }), record(b, 1), record(a, 2, { status: "failed", stepOutput: null, stepError: { code: "upstream_error", message: "Bad gateway ✗" } }), record(a, 3), record(b, 2)]);
    await commit([record(a, 4), record(a, 5, { stepOutput: { text: AWKWARD["é"] } })]);

    const ra = await receiptOf(a.id);
    expect(ra.chain.steps.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(ra.chain.steps[0].input).toEqual(JSON.parse(JSON.stringify(AWKWARD)));
    expect(ra.chain.steps[1]).toMatchObject({ status: "failed", error: { code: "upstream_error" }, latencyMs: 37, attempts: 1 });
    expect(await verifyRunReceipt(ra, await platformJwks())).toMatchObject({ runId: a.id, stepCount: 5, head: ra.chain.steps[4].hash });
    const rb = await receiptOf(b.id);
    expect(rb.chain.steps.map((s) => s.seq)).toEqual([1, 2]);
    await verifyRunReceipt(rb, await platformJwks());
  });

  it("10 concurrent batches on one run: one chain through all 20 steps; a replayed batch writes nothing", async () => {
    const run = await agentRun();
    const batches = Array.from({ length: 10 }, (_, i) => [record(run, 2 * i), record(run, 2 * i + 1)]);
    await Promise.all(batches.map(commit));
    await commit(batches[3]);
    const receipt = await receiptOf(run.id);
    expect(receipt.chain.steps.map((s) => s.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await verifyRunReceipt(receipt, await platformJwks());
  });

  it("an agent step changed through a raw connection fails at exactly its seq", async () => {
    const run = await agentRun();
    await commit([record(run, 1), record(run, 2), record(run, 3)]);
    await verifyRunReceipt(await receiptOf(run.id), await platformJwks());
    await db.$executeRawUnsafe(`UPDATE "RunStep" SET "tokensOut" = "tokensOut" + 1 WHERE "runId" = $1 AND seq = 2`, run.id);
    const err = await verifyRunReceipt(await receiptOf(run.id), await platformJwks()).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(RunReceiptInvalid);
    expect(err).toMatchObject({ code: "step_tampered", seq: 2 });
  });
});

describe("receipts of agent runs through the LLM gateway", () => {
  let openai: FakeOpenAI;
  let gw: Awaited<ReturnType<typeof startTestGateway>>;
  const env = { EGRESS_ALLOWED_HOSTS: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai" } as Record<string, string>;

  beforeAll(async () => {
    openai = await startFakeOpenAI({ apiKey: "sk-platform-openai", promptTokens: 12, completionTokens: 8 });
    Object.assign(process.env, env, { OPENAI_BASE_URL: openai.baseURL });
    gw = await startTestGateway();
  });

  afterAll(async () => {
    await gw?.drain(1_000);
    await openai?.close();
    for (const k of [...Object.keys(env), "OPENAI_BASE_URL"]) delete process.env[k];
  });

  it("parallel completions in one run (group-committed): its receipt verifies", async () => {
    const run = await agentRun();
    const context = await signContextToken({ agentId: agent.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: run.endUserId });
    const client = new OpenAI({ apiKey: agent.token, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": context }, maxRetries: 0 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `hi ${i} ✓` }] })));
    const receipt = await receiptOf(run.id);
    expect(receipt.chain.steps).toHaveLength(6);
    expect(receipt.chain.steps.every((s) => s.nodeType === "llm" && s.status === "succeeded")).toBe(true);
    expect(await verifyRunReceipt(receipt, await platformJwks())).toMatchObject({ runId: run.id, stepCount: 6 });
  });
});
