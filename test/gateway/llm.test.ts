import { afterAll, beforeAll, describe, expect, it } from "vitest";
import OpenAI from "openai";
import { db } from "@/lib/db/client";
import { openAgentRun } from "@/lib/agents/agent-runs";
import { signContextToken } from "@/lib/agents/context-token";
import { findCatalogModel } from "@/lib/llm/catalog";
import { llmEstimate } from "@/lib/metering/estimate";
import { tenant } from "@/test/support/world";
import { grantTestCredits } from "@/test/factories/billing";
import { createTestAgent } from "@/test/factories/agents";
import { startFakeAnthropic, startFakeGoogle, startFakeOpenAI, type FakeAnthropic, type FakeGoogle, type FakeOpenAI } from "@/test/support/fake-llm";
import { startTestGateway } from "@/test/support/gateway";

// The LLM endpoint with the real openai SDK, against fake vendors on 127.0.0.1 that speak the
// vendors' wire formats. The platform keys route to the fakes (OPENAI_BASE_URL, ANTHROPIC_BASE_URL).

let gw: Awaited<ReturnType<typeof startTestGateway>>;
let openai: FakeOpenAI;
let anthropic: FakeAnthropic;
let google: FakeGoogle;
let t: Awaited<ReturnType<typeof tenant>>;
let agent: Awaited<ReturnType<typeof createTestAgent>>;

const env = { EGRESS_ALLOWED_HOSTS: "127.0.0.1", PLATFORM_OPENAI_API_KEY: "sk-platform-openai", PLATFORM_ANTHROPIC_API_KEY: "sk-ant-test", PLATFORM_GOOGLE_API_KEY: "google-test-key" } as Record<string, string>;

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: "sk-platform-openai", promptTokens: 12, completionTokens: 8 });
  anthropic = await startFakeAnthropic({ promptTokens: 30, completionTokens: 5 });
  google = await startFakeGoogle({ promptTokens: 7, completionTokens: 3 });
  Object.assign(process.env, env, { OPENAI_BASE_URL: openai.baseURL, ANTHROPIC_BASE_URL: `${anthropic.url}/v1`, GOOGLE_GENERATIVE_AI_BASE_URL: `${google.url}/v1beta` });
  t = await tenant();
  await grantTestCredits(t.workspace.id, 100_000_000n);
  agent = await createTestAgent({
    workspaceId: t.workspace.id,
    projectId: t.project.id,
    models: [
      { role: "default", model: "gpt-4o-mini" },
      { role: "claude", model: "claude-haiku-4-5" },
      { role: "gemini", model: "gemini-2.5-flash" },
    ],
  });
  gw = await startTestGateway();
});

afterAll(async () => {
  await gw.drain(1_000);
  await openai.close();
  await anthropic.close();
  await google.close();
  for (const k of [...Object.keys(env), "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "GOOGLE_GENERATIVE_AI_BASE_URL"]) delete process.env[k];
});

/** An end-user request's run (as ingress opens it) and the SDK client the agent would use inside it. */
async function inRun(opts: { runBudget?: bigint; endUserId?: string } = {}) {
  const run = await openAgentRun({ agent: { ...agent.agent, runBudget: opts.runBudget ?? null, projectDefaultRunBudget: null }, endUserId: opts.endUserId ?? "ada@example.com", request: { method: "POST", path: "/chat", via: "ingress" } });
  const context = await signContextToken({ agentId: agent.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: run.endUserId });
  const client = new OpenAI({ apiKey: agent.token, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": context }, maxRetries: 0 });
  return { run, context, client };
}

const usageOf = (runId: string) => db.usageRecord.findMany({ where: { runId }, orderBy: { createdAt: "asc" } });

describe("LLM gateway, OpenAI wire", () => {
  it("passes a completion through and records its usage exactly once", async () => {
    const { run, client } = await inRun();
    const before = openai.count;
    const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
    expect(res.choices[0].message.content).toBe(openai.text);
    expect(res.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 8 });
    expect(openai.count).toBe(before + 1);
    // The vendor got the platform key, not the agent's token.
    expect(openai.requests.at(-1)!.headers.authorization).toBe("Bearer sk-platform-openai");
    const usage = await usageOf(run.id);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ kind: "llm", model: "gpt-4o-mini", tokensIn: 12, tokensOut: 8, keySource: "platform", estimated: false });
    expect(usage[0].charge).toBeGreaterThan(0n);
    const step = await db.runStep.findFirstOrThrow({ where: { runId: run.id } });
    expect(step).toMatchObject({ nodeType: "llm", status: "succeeded", tokensIn: 12, tokensOut: 8, seq: 1 });
    expect(step.input).toMatchObject({ endUserId: "ada@example.com", model: "gpt-4o-mini" });
    const after = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    expect(after.spent).toBe(usage[0].charge);
    expect(after.reserved).toBe(0n);
    const ledger = await db.ledgerEntry.findMany({ where: { sourceType: "usage_record", sourceId: usage[0].id } });
    expect(ledger).toHaveLength(1);
    expect(ledger[0].amount).toBe(-usage[0].charge);
    const balance = await db.workspaceBalance.findUniqueOrThrow({ where: { workspaceId: t.workspace.id } });
    expect(ledger[0].balanceAfter).toBeLessThanOrEqual(balance.balance + usage[0].charge);
  });

  it("streams; asks the vendor for usage, records it, and hides the usage chunk from a client that did not ask", async () => {
    const { run, client } = await inRun();
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] });
    let text = "";
    const usageChunks: unknown[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usageChunks.push(chunk.usage);
    }
    expect(text).toBe(openai.text);
    expect(usageChunks).toEqual([]);
    expect((openai.requests.at(-1)!.body as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    const usage = await usageOf(run.id);
    expect(usage.map((u) => [u.tokensIn, u.tokensOut, u.estimated])).toEqual([[12, 8, false]]);
  });

  it("streams with include_usage: the client gets the usage chunk, passed through", async () => {
    const { run, client } = await inRun();
    const stream = await client.chat.completions.create({ model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }] });
    const usageChunks: unknown[] = [];
    for await (const chunk of stream) if (chunk.usage) usageChunks.push(chunk.usage);
    expect(usageChunks).toHaveLength(1);
    expect(usageChunks[0]).toMatchObject({ prompt_tokens: 12, completion_tokens: 8, total_tokens: 20 });
    expect(await usageOf(run.id)).toHaveLength(1);
  });

  it("refuses with 402 budget_exceeded before reaching the vendor when the worst case passes the run's budget", async () => {
    const { run, client } = await inRun({ runBudget: 1n });
    const before = openai.count;
    const err = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 1000, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect(err).toBeInstanceOf(OpenAI.APIError);
    expect(err.status).toBe(402);
    expect(err.code).toBe("budget_exceeded");
    expect(openai.count).toBe(before);
    expect(await usageOf(run.id)).toHaveLength(0);
  });

  it("a call in a request that has ended is refused with 409 run_finished", async () => {
    const { run, client } = await inRun();
    const { finishAgentRun } = await import("@/lib/agents/agent-runs");
    await finishAgentRun(run, "succeeded");
    const before = openai.count;
    const err = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([err.status, err.code]).toEqual([409, "run_finished"]);
    expect(openai.count).toBe(before);
  });

  it("a context-less call refused by its budget closes the run it opened", async () => {
    const poor = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, runBudget: 1n });
    const client = new OpenAI({ apiKey: poor.token, baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    const err = await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 1000, messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([err.status, err.code]).toEqual([402, "budget_exceeded"]);
    await expect.poll(async () => (await db.run.findFirst({ where: { agentId: poor.agent.id } }))?.status).toBe("budget_exceeded");
    expect((await db.run.findFirstOrThrow({ where: { agentId: poor.agent.id } })).creditHold).toBe(0n);
  });

  it("n choices count n times in the worst case: a budget for one answer refuses n=4", async () => {
    const body = (n?: number) => JSON.stringify({ model: "gpt-4o-mini", max_tokens: 500, ...(n ? { n } : {}), messages: [{ role: "user", content: "hi" }] });
    const one = llmEstimate(findCatalogModel("openai", "gpt-4o-mini"), Buffer.byteLength(body(4)), 500, "platform");
    const { context } = await inRun({ runBudget: one * 2n });
    const post = (b: string) => fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${agent.token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body: b });
    const before = openai.count;
    const four = await post(body(4));
    expect(four.status).toBe(402);
    expect(openai.count).toBe(before);
    const silly = await post(body(1000));
    expect(silly.status).toBe(400);
    expect((await silly.json()).error.param).toBe("n");
    expect((await post(body())).status).toBe(200);
  });

  it("50 parallel calls on a budget for 10: exactly 10 reach the vendor", async () => {
    const body = JSON.stringify({ model: "gpt-4o-mini", stream: true, max_tokens: 500, messages: [{ role: "user", content: "count to ten" }] });
    // Each call spends exactly what it held, so a call finishing early frees nothing for another.
    openai.configure({ chunkDelayMs: 60, promptTokens: Math.ceil(Buffer.byteLength(body) / 4), completionTokens: 500 });
    try {
      const each = llmEstimate(findCatalogModel("openai", "gpt-4o-mini"), Buffer.byteLength(body), 500, "platform");
      const { run, context } = await inRun({ runBudget: each * 10n + each / 2n });
      const before = openai.count;
      const results = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const res = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${agent.token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      expect(results.filter((s) => s === 200)).toHaveLength(10);
      expect(results.filter((s) => s === 402)).toHaveLength(40);
      expect(openai.count - before).toBe(10);
      expect(await usageOf(run.id)).toHaveLength(10);
      expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).reserved).toBe(0n);
    } finally {
      openai.configure({ chunkDelayMs: 0, promptTokens: 12, completionTokens: 8 });
    }
  });

  it("a client that leaves mid-stream: the call is recorded once, marked estimated (the vendor sent no usage)", async () => {
    openai.configure({ chunks: 10, chunkDelayMs: 40 });
    try {
      const { run, context } = await inRun();
      const abort = new AbortController();
      const res = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", signal: abort.signal, headers: { authorization: `Bearer ${agent.token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] }) });
      const reader = res.body!.getReader();
      await reader.read();
      abort.abort();
      await expect.poll(async () => (await usageOf(run.id)).length).toBe(1);
      const [usage] = await usageOf(run.id);
      expect(usage.estimated).toBe(true);
      expect(usage.tokensIn).toBeGreaterThan(0);
      expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).reserved).toBe(0n);
    } finally {
      openai.configure({ chunks: 4, chunkDelayMs: 0 });
    }
  });

  it("a body over the cap is 413 (declared or chunked), OpenAI-shaped, and nothing reaches the vendor", async () => {
    process.env.GATEWAY_LLM_MAX_BODY_BYTES = "2000";
    try {
      const { context } = await inRun();
      const before = openai.count;
      const big = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "x".repeat(10_000) }] });
      const headers = { authorization: `Bearer ${agent.token}`, "x-agentruntime-context": context, "content-type": "application/json" };
      const declared = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers, body: big });
      expect(declared.status).toBe(413);
      expect((await declared.json()).error.code).toBe("request_too_large");
      const chunked = await fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers, body: new Blob([big]).stream(), duplex: "half" } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(openai.count).toBe(before);
    } finally {
      delete process.env.GATEWAY_LLM_MAX_BODY_BYTES;
    }
  });

  it("serves embeddings and lists the agent's models", async () => {
    const { run, client } = await inRun();
    const emb = await client.embeddings.create({ model: "default", input: "hello" });
    expect(emb.data[0].embedding.length).toBeGreaterThan(0);
    expect((await usageOf(run.id)).map((u) => u.kind)).toEqual(["llm"]);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(["gpt-4o-mini", "claude-haiku-4-5", "gemini-2.5-flash"]);
  });

  it("answers OpenAI-shaped 401s for a bad agent token or another agent's context, and 404 for a model the agent does not have", async () => {
    const { context } = await inRun();
    const bad = new OpenAI({ apiKey: "ar_agt_nope", baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    const e1 = await bad.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([e1.status, e1.code]).toEqual([401, "invalid_api_key"]);
    const other = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
    const borrowed = new OpenAI({ apiKey: other.token, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": context }, maxRetries: 0 });
    const e2 = await borrowed.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([e2.status, e2.code]).toEqual([401, "invalid_context"]);
    const { client } = await inRun();
    const e3 = await client.chat.completions.create({ model: "gpt-5", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([e3.status, e3.code]).toEqual([404, "model_not_found"]);
  });

  it("maps a vendor error to an OpenAI-shaped one and records a failed step that charges nothing", async () => {
    openai.configure({ failWith: { status: 500, body: { error: { message: "boom", type: "server_error" } } } });
    try {
      const { run, client } = await inRun();
      const err = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
      expect([err.status, err.code]).toEqual([502, "upstream_error"]);
      const steps = await db.runStep.findMany({ where: { runId: run.id } });
      expect(steps.map((s) => s.status)).toEqual(["failed"]);
      expect((await usageOf(run.id)).map((u) => u.charge)).toEqual([0n]);
      expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).reserved).toBe(0n);
    } finally {
      openai.configure({ failWith: null });
    }
  });

  it("a call without a context token runs in a run of its own", async () => {
    const client = new OpenAI({ apiKey: agent.token, baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).withResponse();
    const runId = response.headers.get("x-agentruntime-run-id")!;
    await expect.poll(async () => (await db.run.findUnique({ where: { id: runId } }))?.status).toBe("succeeded");
    const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ kind: "agent", agentId: agent.agent.id, endUserId: null, creditHold: 0n });
    expect(await usageOf(runId)).toHaveLength(1);
  });
});

describe("LLM gateway, translated vendors", () => {
  it("Anthropic, not streamed and streamed, with usage recorded from the vendor's counts", async () => {
    const { run, client } = await inRun();
    const res = await client.chat.completions.create({ model: "claude", messages: [{ role: "system", content: "be brief" }, { role: "user", content: "hi" }] });
    expect(res.choices[0].message.content).toBeTruthy();
    expect(res.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 5 });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.headers["x-api-key"]).toBe("sk-ant-test");
    expect(sent.body).toMatchObject({ model: "claude-haiku-4-5", system: "be brief" });
    const stream = await client.chat.completions.create({ model: "claude-haiku-4-5", stream: true, messages: [{ role: "user", content: "hi" }] });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    expect(text).toBe(res.choices[0].message.content);
    const usage = await usageOf(run.id);
    expect(usage.map((u) => [u.provider, u.model, u.tokensIn, u.tokensOut, u.estimated])).toEqual([
      ["anthropic", "claude-haiku-4-5", 30, 5, false],
      ["anthropic", "claude-haiku-4-5", 30, 5, false],
    ]);
  });
});

describe("LLM gateway, Google", () => {
  it("Gemini, not streamed and streamed, with the vendor's usage counts", async () => {
    const { run, client } = await inRun();
    const res = await client.chat.completions.create({ model: "gemini", messages: [{ role: "user", content: "hi" }] });
    expect(res.choices[0].message.content).toBe(google.text);
    expect(google.requests.at(-1)!.headers["x-goog-api-key"]).toBe("google-test-key");
    expect(google.requests.at(-1)!.path).toContain("gemini-2.5-flash:generateContent");
    const stream = await client.chat.completions.create({ model: "gemini", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: "hi" }] });
    let text = "";
    let usage: unknown = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(google.text);
    expect(usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 3 });
    expect((await usageOf(run.id)).map((u) => [u.provider, u.tokensIn, u.tokensOut, u.estimated])).toEqual([
      ["google", 7, 3, false],
      ["google", 7, 3, false],
    ]);
  });
});

describe("LLM gateway, token-rate limits", () => {
  it("answers 429 with Retry-After and X-RateLimit headers once an agent's tokens per minute are spent", async () => {
    const limited = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id, tokensPerMinute: 30 });
    const run = await openAgentRun({ agent: { ...limited.agent, projectDefaultRunBudget: null }, endUserId: "ada@example.com", request: { method: "POST", path: "/", via: "ingress" } });
    const context = await signContextToken({ agentId: limited.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: "ada@example.com" });
    const post = () => fetch(`${gw.url}/llm/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${limited.token}`, "x-agentruntime-context": context, "content-type": "application/json" }, body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });
    expect((await post()).status).toBe(200); // 20 tokens of 30
    expect((await post()).status).toBe(200); // 40 of 30: this one is let through, the next is not
    const before = openai.count;
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.headers.get("x-ratelimit-limit-tokens")).toBe("30");
    expect(refused.headers.get("x-ratelimit-remaining-tokens")).toBe("0");
    expect(refused.headers.get("x-ratelimit-limit")).toBe("30");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000);
    expect((await refused.json()).error.code).toBe("rate_limit_exceeded");
    expect(openai.count).toBe(before);
  });
});

describe("canceling an agent run", () => {
  it("ends it at once through the API, and the agent's next call in it is refused", async () => {
    const { run, client } = await inRun();
    const { POST: cancel } = await import("@/app/v1/runs/[id]/cancel/route");
    const { call, inProject } = await import("@/test/support/http");
    const res = await call(cancel, `/v1/runs/${run.id}/cancel`, { method: "POST", headers: inProject(t.owner, t.slug), params: { id: run.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: "agent", status: "canceled", creditHold: 0 });
    const err = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([err.status, err.code]).toEqual([409, "run_finished"]);
  });
});

describe("gateway caches follow changes", () => {
  it("a token revoked behind the caches' back (no notification) is still refused on its next metered call", async () => {
    const { client } = await inRun();
    const ask = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).then(() => 200, (e) => e.status as number);
    const other = await createTestAgent({ workspaceId: t.workspace.id, projectId: t.project.id });
    const run = await openAgentRun({ agent: { ...other.agent, projectDefaultRunBudget: null }, endUserId: "ada", request: { method: "POST", path: "/", via: "ingress" } });
    const context = await signContextToken({ agentId: other.agent.id, runId: run.id, workspaceId: run.workspaceId, projectId: run.projectId, endUserId: "ada" });
    const victim = new OpenAI({ apiKey: other.token, baseURL: `${gw.url}/llm/v1`, defaultHeaders: { "x-agentruntime-context": context }, maxRetries: 0 });
    expect(await victim.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).then(() => 200)).toBe(200);
    await db.agentToken.update({ where: { id: other.tokenId }, data: { revokedAt: new Date() } });
    const before = openai.count;
    const err = await victim.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).catch((e) => e);
    expect([err.status, err.code]).toEqual([401, "invalid_api_key"]);
    expect(openai.count).toBe(before);
    expect((await db.run.findUniqueOrThrow({ where: { id: run.id } })).reserved).toBe(0n);
    expect(await ask()).toBe(200);
  });

  it("a workspace provider added for a vendor takes over that vendor's calls at once (its key, not the platform's)", async () => {
    const w = await tenant({ credits: 10_000_000n });
    const a = await createTestAgent({ workspaceId: w.workspace.id, projectId: w.project.id });
    const client = new OpenAI({ apiKey: a.token, baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).then(() => 200, (e) => e.status as number);
    expect(await ask()).toBe(200);
    const { POST: createProvider } = await import("@/app/v1/providers/route");
    const { call, as } = await import("@/test/support/http");
    const created = await call(createProvider, "/v1/providers", { headers: as(w.owner, w.slug), body: { name: "ours", vendor: "openai", apiKey: "sk-workspace-key-not-known-upstream", baseUrl: openai.baseURL } });
    expect(created.status, created.text).toBe(201);
    // The fake knows only the platform key: the workspace's key is refused upstream (502), proving the switch.
    await expect.poll(ask, { timeout: 2_000 }).toBe(502);
    expect(openai.requests.at(-1)!.headers.authorization).toBe("Bearer sk-workspace-key-not-known-upstream");
  });

  it("a rotated agent token stops working on the next call (checked in the budget hold's statement, whatever the caches know)", async () => {
    const w = await tenant({ credits: 10_000_000n });
    const a = await createTestAgent({ workspaceId: w.workspace.id, projectId: w.project.id });
    const client = new OpenAI({ apiKey: a.token, baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    const ask = (c: OpenAI) => c.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }).then(() => 200, (e) => e.status as number);
    expect(await ask(client)).toBe(200);
    const { POST: rotate } = await import("@/app/v1/agents/[id]/rotate-token/route");
    const { call, inProject } = await import("@/test/support/http");
    const rotated = await call(rotate, `/v1/agents/${a.agent.id}/rotate-token`, { method: "POST", headers: inProject(w.owner, w.slug), params: { id: a.agent.id } });
    expect(rotated.status, rotated.text).toBe(201);
    const before = openai.count;
    expect(await ask(client)).toBe(401);
    expect(openai.count).toBe(before);
    const fresh = new OpenAI({ apiKey: rotated.json.token, baseURL: `${gw.url}/llm/v1`, maxRetries: 0 });
    expect(await ask(fresh)).toBe(200);
  });
});

describe("gateway database sessions", () => {
  it("budget holds commit without waiting for the WAL flush; usage commits keep the server's durability", async () => {
    const { holdPool, gatewayPool } = await import("@/gateway/db");
    expect((await holdPool().query("SHOW synchronous_commit")).rows[0].synchronous_commit).toBe("off");
    const [server] = await db.$queryRaw<{ reset_val: string }[]>`SELECT reset_val FROM pg_settings WHERE name = 'synchronous_commit'`;
    expect((await gatewayPool().query("SHOW synchronous_commit")).rows[0].synchronous_commit).toBe(server.reset_val);
  });

  it("usage commits use generic plans (their SQL functions are not planned again on every call); holds keep the server's plan choice", async () => {
    const { holdPool, gatewayPool } = await import("@/gateway/db");
    expect((await gatewayPool().query("SHOW plan_cache_mode")).rows[0].plan_cache_mode).toBe("force_generic_plan");
    const [server] = await db.$queryRaw<{ reset_val: string }[]>`SELECT reset_val FROM pg_settings WHERE name = 'plan_cache_mode'`;
    expect((await holdPool().query("SHOW plan_cache_mode")).rows[0].plan_cache_mode).toBe(server.reset_val);
  });
});
