import OpenAI, { APIError } from "openai";
import { Stream } from "openai/core/streaming";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnthropicStreamTranslator, fromAnthropicResponse, toAnthropicRequest, type AnthropicMessage } from "@/lib/llm/wire/anthropic";
import { mapUpstreamError } from "@/lib/llm/wire/errors";
import { fromGoogleResponse, GoogleStreamTranslator, googlePath, toGoogleRequest, type GeminiResponse } from "@/lib/llm/wire/google";
import type { ChatCompletionRequest } from "@/lib/llm/wire/openai-types";
import { startFakeAnthropic, startFakeGoogle, startFakeOpenAI, type FakeAnthropic, type FakeGoogle, type FakeOpenAI } from "../support/fake-llm";

// The fakes speak the vendors' wire formats: the OpenAI one is driven with the official SDK,
// the others through the wire translators, whose output the SDK's own stream parser then reads.

const KEY = "sk-test-fake-openai-key";
let openai: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: KEY, promptTokens: 21, completionTokens: 9, chunks: 5 });
  client = new OpenAI({ apiKey: KEY, baseURL: openai.baseURL, maxRetries: 0 });
});
afterAll(() => openai.close());

const messages = [{ role: "user" as const, content: "Hi" }];

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  return { chunks, text: chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("") };
}

describe("startFakeOpenAI through the OpenAI SDK", () => {
  it("answers a chat completion with the configured usage and records the request", async () => {
    const before = openai.count;
    const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages });
    expect(res.choices[0].message.content).toBe(openai.text);
    expect(openai.text).toBe("Héllo 1 2 3 4");
    expect(res.model).toBe("gpt-4o-mini");
    expect(res.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
    expect(openai.count).toBe(before + 1);
    const seen = openai.requests[openai.requests.length - 1];
    expect(seen).toMatchObject({ method: "POST", path: "/v1/chat/completions", body: { model: "gpt-4o-mini", messages } });
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it("streams without any usage field unless include_usage is set", async () => {
    const { chunks, text } = await collect(await client.chat.completions.create({ model: "gpt-4o", messages, stream: true }));
    expect(text).toBe(openai.text);
    expect(chunks).toHaveLength(1 + 5 + 1);
    expect(chunks.every((c) => !("usage" in c))).toBe(true);
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe("stop");
  });

  it("sends the usage-only chunk last when include_usage is set, and usage: null before it", async () => {
    const { chunks, text } = await collect(await client.chat.completions.create({ model: "gpt-4o", messages, stream: true, stream_options: { include_usage: true } }));
    expect(text).toBe(openai.text);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 21, completion_tokens: 9, total_tokens: 30 });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it("refuses stream_options on a call that does not stream, like OpenAI", async () => {
    await expect(client.chat.completions.create({ model: "gpt-4o", messages, stream_options: { include_usage: true } })).rejects.toMatchObject({ status: 400, param: "stream_options" });
  });

  it("serves embeddings in the SDK's default base64 and in float, and lists models", async () => {
    const b64 = await client.embeddings.create({ model: "text-embedding-3-small", input: ["a", "b"] });
    const floats = await client.embeddings.create({ model: "text-embedding-3-small", input: "a", encoding_format: "float", dimensions: 3 });
    expect(b64.data).toHaveLength(2);
    expect(Array.from(b64.data[1].embedding)).toEqual(Array.from(Float32Array.from({ length: 8 }, (_, j) => 2 / (j + 2))));
    expect(floats.data[0].embedding).toEqual(Array.from(Float32Array.from([1 / 2, 1 / 3, 1 / 4])));
    expect(floats.usage).toEqual({ prompt_tokens: 21, total_tokens: 21 });
    const models = [];
    for await (const m of client.models.list()) models.push(m.id);
    expect(models).toContain("gpt-4o-mini");
  });

  it("answers a wrong key with OpenAI's 401 and failWith with its status, body and headers", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong-key-123", baseURL: openai.baseURL, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: "gpt-4o", messages })).rejects.toMatchObject({ status: 401, code: "invalid_api_key" });
    openai.configure({ failWith: { status: 429, body: { error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" } }, headers: { "retry-after": "3" } } });
    try {
      const err = await client.chat.completions.create({ model: "gpt-4o", messages }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(APIError);
      expect((err as APIError).status).toBe(429);
      expect((err as APIError).headers?.get("retry-after")).toBe("3");
    } finally {
      openai.configure({ failWith: null });
    }
  });

  it("stalls after hangAfterChunks and counts the client's abort", async () => {
    openai.configure({ hangAfterChunks: 2 });
    try {
      const abort = new AbortController();
      const stream = await client.chat.completions.create({ model: "gpt-4o", messages, stream: true }, { signal: abort.signal });
      const got: string[] = [];
      const before = openai.aborted;
      const done = (async () => {
        for await (const c of stream) {
          got.push(c.choices[0]?.delta?.content ?? "");
          if (got.length === 3) setTimeout(() => abort.abort(), 50);
        }
      })().catch(() => undefined);
      await done;
      expect(got).toEqual(["", "Héllo", " 1"]);
      await expect.poll(() => openai.aborted).toBe(before + 1);
    } finally {
      openai.configure({ hangAfterChunks: null });
    }
  });

  it("spaces chunks by chunkDelayMs", async () => {
    openai.configure({ chunkDelayMs: 20, chunks: 3 });
    try {
      const t0 = Date.now();
      const { text } = await collect(await client.chat.completions.create({ model: "gpt-4o", messages, stream: true }));
      expect(text).toBe("Héllo 1 2");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(60);
    } finally {
      openai.configure({ chunkDelayMs: 0, chunks: 5 });
    }
  });
});

const chatReq: ChatCompletionRequest = { model: "alias", messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hi" }] };

/** Feeds a vendor's streamed body to a translator chunk by chunk, as the gateway will. */
async function pipe(res: Response, t: { push(chunk: Uint8Array): string }): Promise<string> {
  const reader = res.body!.getReader();
  let out = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return out;
    out += t.push(value);
  }
}

/** Reads translated OpenAI SSE text with the SDK's own stream parser. */
async function readWithSdk(sse: string) {
  const stream = Stream.fromSSEResponse<ChatCompletionChunk>(new Response(sse, { headers: { "content-type": "text/event-stream" } }), new AbortController());
  return collect(stream);
}

describe("startFakeAnthropic through the Anthropic translator", () => {
  let anthropic: FakeAnthropic;
  beforeAll(async () => {
    anthropic = await startFakeAnthropic({ promptTokens: 33, completionTokens: 7, chunks: 3 });
  });
  afterAll(() => anthropic.close());

  const call = (body: object, headers: Record<string, string> = { "x-api-key": "sk-ant-test", "anthropic-version": "2023-06-01" }) =>
    fetch(`${anthropic.url}/v1/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("answers a message in Anthropic's shape", async () => {
    const res = await call(toAnthropicRequest(chatReq, { defaultMaxTokens: 100, model: "claude-x" }));
    const out = fromAnthropicResponse((await res.json()) as AnthropicMessage, { model: "alias" });
    expect(out.choices[0]).toMatchObject({ message: { content: anthropic.text }, finish_reason: "stop" });
    expect(out.usage).toEqual({ prompt_tokens: 33, completion_tokens: 7, total_tokens: 40 });
    expect(anthropic.requests[anthropic.requests.length - 1].body).toMatchObject({ system: "Be brief.", max_tokens: 100 });
  });

  it("streams the real event sequence, which translates into chunks the OpenAI SDK reads", async () => {
    const res = await call(toAnthropicRequest({ ...chatReq, stream: true }, { defaultMaxTokens: 100 }));
    const t = new AnthropicStreamTranslator({ model: "alias", includeUsage: true });
    const sse = (await pipe(res, t)) + t.end();
    expect(t.completed).toBe(true);
    expect(t.usage).toEqual({ prompt_tokens: 33, completion_tokens: 7, total_tokens: 40 });
    const { chunks, text } = await readWithSdk(sse + t.finish());
    expect(text).toBe("Héllo 1 2");
    expect(chunks[chunks.length - 1].usage).toMatchObject({ total_tokens: 40 });
  });

  it("streams a tool call, and an error event the SDK raises as an APIError", async () => {
    anthropic.configure({ toolUse: { name: "get_weather", input: { city: "Paris", unit: "C" } } });
    const t = new AnthropicStreamTranslator({ includeUsage: false });
    const sse = await pipe(await call(toAnthropicRequest({ ...chatReq, stream: true }, { defaultMaxTokens: 100 })), t);
    const { chunks } = await readWithSdk(sse + t.end() + t.finish());
    const args = chunks.map((c) => c.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? "").join("");
    expect(JSON.parse(args)).toEqual({ city: "Paris", unit: "C" });
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe("tool_calls");

    anthropic.configure({ toolUse: null, errorAfterChunks: { after: 1, type: "overloaded_error", message: "Overloaded" } });
    try {
      const e = new AnthropicStreamTranslator({ includeUsage: false });
      const out = await pipe(await call(toAnthropicRequest({ ...chatReq, stream: true }, { defaultMaxTokens: 100 })), e);
      expect(e.completed).toBe(false);
      await expect(readWithSdk(out + e.end())).rejects.toBeInstanceOf(APIError);
    } finally {
      anthropic.configure({ errorAfterChunks: null });
    }
  });

  it("checks x-api-key, anthropic-version and max_tokens like Anthropic", async () => {
    const wrong = await call({ model: "m", max_tokens: 1, messages: [] }, { "x-api-key": "nope", "anthropic-version": "2023-06-01" });
    expect(wrong.status).toBe(401);
    expect(mapUpstreamError({ status: wrong.status, body: await wrong.text() })).toMatchObject({ status: 502, body: { error: { code: "upstream_auth_failed" } } });
    expect((await call({ model: "m", max_tokens: 1, messages: [] }, { "x-api-key": "sk-ant-test" })).status).toBe(400);
    expect((await call({ model: "m", messages: [] })).status).toBe(400);
  });
});

describe("startFakeGoogle through the Gemini translator", () => {
  let google: FakeGoogle;
  beforeAll(async () => {
    google = await startFakeGoogle({ promptTokens: 15, completionTokens: 4, chunks: 2 });
  });
  afterAll(() => google.close());

  const call = (stream: boolean, key = "google-test-key") =>
    fetch(`${google.url}/v1beta${googlePath("gemini-2.5-flash", stream)}`, { method: "POST", headers: { "content-type": "application/json", "x-goog-api-key": key }, body: JSON.stringify(toGoogleRequest(chatReq)) });

  it("answers generateContent", async () => {
    const out = fromGoogleResponse((await (await call(false)).json()) as GeminiResponse, { model: "alias" });
    expect(out.choices[0]).toMatchObject({ message: { content: "Héllo 1" }, finish_reason: "stop" });
    expect(out.usage).toEqual({ prompt_tokens: 15, completion_tokens: 4, total_tokens: 19 });
    expect(google.requests[0].body).toMatchObject({ systemInstruction: { parts: [{ text: "Be brief." }] } });
  });

  it("streams with alt=sse into chunks the OpenAI SDK reads", async () => {
    const t = new GoogleStreamTranslator({ model: "alias", includeUsage: true });
    const sse = (await pipe(await call(true), t)) + t.end();
    expect(t.completed).toBe(true);
    const { chunks, text } = await readWithSdk(sse + t.finish());
    expect(text).toBe("Héllo 1");
    expect(chunks[chunks.length - 1].usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 4, total_tokens: 19 });
  });

  it("answers a wrong key with Google's 400 API_KEY_INVALID", async () => {
    const res = await call(false, "bad");
    expect(res.status).toBe(400);
    expect(mapUpstreamError({ status: 400, body: await res.text() })).toMatchObject({ status: 502, body: { error: { code: "upstream_auth_failed" } } });
  });
});
