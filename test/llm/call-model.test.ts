import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LlmVendor } from "@/lib/generated/prisma/enums";
import { callModel, type CallModelInput } from "@/lib/calls/call-model";
import { LlmError } from "@/lib/llm/errors";
import { setLogSink } from "@/lib/core/logger";
import { createTestUser } from "@/test/factories/users";
import { createTestWorkspace } from "@/test/factories/tenancy";
import { createTestProvider } from "@/test/factories/providers";
import { DELTAS, TEXT, USAGE, startFakeVendors } from "./fake-vendors";

const KEYS = { openai: "sk-test-openai-0123456789", anthropic: "sk-ant-test-0123456789", google: "AIzaTest0123456789abcdef", compat: "compat-key-0123456789" };
let fake: Awaited<ReturnType<typeof startFakeVendors>>;
let workspaceId: string;
const providers: Record<string, string> = {};
const logs: string[] = [];
const errors: LlmError[] = [];

beforeAll(async () => {
  fake = await startFakeVendors(KEYS);
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  setLogSink((line) => logs.push(line));
  const { user } = await createTestUser();
  workspaceId = (await createTestWorkspace({ ownerId: user.id })).workspace.id;
  for (const [vendor, key, url] of [
    ["openai", KEYS.openai, fake.urls.openai],
    ["anthropic", KEYS.anthropic, fake.urls.anthropic],
    ["google", KEYS.google, fake.urls.google],
    ["openai_compatible", KEYS.compat, fake.urls.compat],
  ] as const) {
    providers[vendor] = (await createTestProvider({ workspaceId, vendor, apiKey: key, baseUrl: url })).id;
  }
});
afterAll(async () => {
  setLogSink(null);
  delete process.env.EGRESS_ALLOWED_HOSTS;
  await fake.close();
});

const MODELS: Record<LlmVendor, string> = { openai: "gpt-4o", anthropic: "claude-sonnet-4-5-20250929", google: "gemini-2.5-flash", openai_compatible: "llama-3.1-8b" };
// Exact integer costs from the catalog for 1234 input + 56 output tokens (rounded up to a micro-USD).
const COSTS: Record<LlmVendor, number | null> = {
  openai: 3645, // 1234 × $2.50/M + 56 × $10/M = $0.003645
  anthropic: 4542, // 1234 × $3/M + 56 × $15/M = $0.004542
  google: 511, // 1234 × $0.30/M + 56 × $2.50/M = $0.0005102 → 511 (rounded up)
  openai_compatible: null, // not in the catalog: not metered
};
const VENDOR_LIST = Object.keys(MODELS) as LlmVendor[];
const ask = (vendor: LlmVendor, extra: Partial<CallModelInput> = {}) =>
  callModel({ workspaceId, providerId: providers[vendor], model: MODELS[vendor], messages: [{ role: "user", content: "Say hello" }], maxRetries: 0, ...extra });

async function failure(p: Promise<unknown>): Promise<LlmError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LlmError);
  errors.push(err as LlmError);
  return err as LlmError;
}

describe.each(VENDOR_LIST)("callModel through %s (real AI SDK, fake vendor wire format)", (vendor) => {
  it("returns text, tokens, latency and the exact catalog cost", async () => {
    const r = await ask(vendor, { system: "Be brief", temperature: 0.2, maxTokens: 100 });
    expect(r).toMatchObject({ text: TEXT, usage: { inputTokens: USAGE.input, outputTokens: USAGE.output }, costMicros: COSTS[vendor], provider: { id: providers[vendor], vendor }, model: MODELS[vendor] });
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    const sent = fake.seen.filter((s) => s.body && !s.stream).at(-1)!;
    expect(JSON.stringify(sent.body)).toContain("Be brief");
    expect(JSON.stringify(sent.body)).toContain("Say hello");
  });

  it("streams deltas to onToken and still returns usage and cost", async () => {
    const tokens: string[] = [];
    const r = await ask(vendor, { onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(DELTAS);
    expect(r).toMatchObject({ text: TEXT, usage: { inputTokens: USAGE.input, outputTokens: USAGE.output }, costMicros: COSTS[vendor] });
    expect(fake.seen.at(-1)!.stream).toBe(true);
  });

  it("parses JSON-schema output, and a mismatch is llm_invalid_output", async () => {
    const schema = { type: "object", properties: { city: { type: "string" }, population: { type: "integer" } }, required: ["city", "population"], additionalProperties: false };
    expect((await ask(vendor, { jsonSchema: schema })).json).toEqual({ city: "Paris", population: 2102650 });
    const streamed: string[] = [];
    expect((await ask(vendor, { jsonSchema: schema, onToken: (t) => streamed.push(t) })).json).toEqual({ city: "Paris", population: 2102650 });
    expect((await failure(ask(vendor, { jsonSchema: schema, model: "bad-json" }))).code).toBe("llm_invalid_output");
  });

  it("maps a bad key, 429, context too long and 500 to their codes, without the key", async () => {
    const wrongKey = await createTestProvider({ workspaceId, vendor, apiKey: "sk-wrong-key-value-999999", baseUrl: vendor === "openai_compatible" ? fake.urls.compat : fake.urls[vendor as "openai"] });
    const auth = await failure(ask(vendor, { providerId: wrongKey.id }));
    expect(auth.code).toBe("llm_auth_failed");
    expect(JSON.stringify({ ...auth.toJSON(), stack: auth.stack })).not.toContain("wrong-key");

    const limited = await failure(ask(vendor, { model: "rate-limited" }));
    expect(limited).toMatchObject({ code: "llm_rate_limited", status: 429, retryAfterSeconds: vendor === "google" ? 13 : 7, retryable: true });
    expect((await failure(ask(vendor, { model: "too-long" }))).code).toBe("llm_context_too_long");
    expect(await failure(ask(vendor, { model: "broken" }))).toMatchObject({ code: "llm_unavailable", status: 500 });
  });

  it("a server that never answers is llm_timeout after timeoutMs; an AbortSignal is llm_aborted", async () => {
    const started = Date.now();
    expect((await failure(ask(vendor, { model: "hang", timeoutMs: 300 }))).code).toBe("llm_timeout");
    expect(Date.now() - started).toBeLessThan(3000);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    expect((await failure(ask(vendor, { model: "hang", abortSignal: ctl.signal }))).code).toBe("llm_aborted");
    expect((await failure(ask(vendor, { model: "hang", onToken: () => {}, timeoutMs: 300 }))).code).toBe("llm_timeout");
  });
});

describe("callModel key selection", () => {
  it("sends the workspace provider's key in the vendor's header", () => {
    const byVendor = (v: string) => fake.seen.find((s) => s.vendor === v && s.key !== "sk-wrong-key-value-999999")!;
    expect(byVendor("openai").key).toBe(KEYS.openai);
    expect(byVendor("anthropic").key).toBe(KEYS.anthropic);
    expect(byVendor("google").key).toBe(KEYS.google);
    expect(byVendor("compat").key).toBe(KEYS.compat);
  });

  it("uses the platform key, labelled platform, when the workspace has no provider for the vendor", async () => {
    const { user } = await createTestUser();
    const bare = (await createTestWorkspace({ ownerId: user.id })).workspace.id;
    const call = () => callModel({ workspaceId: bare, vendor: "openai", model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }], maxRetries: 0 });
    delete process.env.PLATFORM_OPENAI_API_KEY;
    expect((await failure(call())).code).toBe("llm_not_configured");
    process.env.PLATFORM_OPENAI_API_KEY = KEYS.openai;
    process.env.OPENAI_BASE_URL = fake.urls.openai;
    try {
      const r = await call();
      // 1234 × $0.15/M + 56 × $0.60/M = $0.0002187 → 219 micro-USD (rounded up)
      expect(r).toMatchObject({ provider: { id: "platform", vendor: "openai" }, costMicros: 219, text: TEXT });
      // With a workspace provider of the vendor, that provider wins.
      const own = await createTestProvider({ workspaceId: bare, vendor: "openai", apiKey: KEYS.openai, baseUrl: fake.urls.openai });
      expect((await call()).provider).toEqual({ id: own.id, vendor: "openai" });
    } finally {
      delete process.env.PLATFORM_OPENAI_API_KEY;
      delete process.env.OPENAI_BASE_URL;
    }
  });

  it("another workspace's provider cannot be used", async () => {
    const { user } = await createTestUser();
    const other = (await createTestWorkspace({ ownerId: user.id })).workspace.id;
    const err = await failure(callModel({ workspaceId: other, providerId: providers.openai, model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }));
    expect(err.code).toBe("llm_not_configured");
  });

  it("refuses a provider whose base URL is private unless allowed", async () => {
    delete process.env.EGRESS_ALLOWED_HOSTS;
    try {
      expect((await failure(ask("openai"))).code).toBe("llm_not_configured");
    } finally {
      process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
    }
  });
});

describe("canary: keys never reach logs or errors", () => {
  it("0 hits for every key (the fake OpenAI echoes the wrong key in its 401 body) across log lines and errors", () => {
    expect(logs.length).toBeGreaterThan(40);
    expect(errors.length).toBeGreaterThan(20);
    const text = logs.join("\n") + errors.map((e) => JSON.stringify({ m: e.message, s: e.stack, ...e.toJSON() })).join("\n");
    for (const key of [...Object.values(KEYS), "sk-wrong-key-value-999999"]) expect(text.includes(key), key).toBe(false);
  });
});
