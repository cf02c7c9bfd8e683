import type { ServerResponse } from "node:http";
import { fakeDeltas, headerValue, sendFailure, sendJson, serveFake, streamFrames, type Ctx, type Fake, type FakeCommonOptions, type Frames } from "./fake-llm-server";

// Fake model vendors on 127.0.0.1 speaking the real wire formats, for gateway tests and the
// benchmark. The OpenAI fake answers from precomputed bytes (per model and stream mode) so it
// stays cheap at thousands of requests per second. Like OpenAI, it sends the usage-only chunk
// only when the request sets stream_options.include_usage, and then puts "usage":null in every
// other chunk.

export { startFakeAnthropic, type FakeAnthropic, type FakeAnthropicOptions } from "./fake-llm-anthropic";
export { startFakeGoogle, type FakeGoogle, type FakeGoogleOptions } from "./fake-llm-google";
export { fakeDeltas, type FailWith, type RecordedRequest } from "./fake-llm-server";

export type FakeOpenAIOptions = FakeCommonOptions & {
  /** Length of each embedding vector. Default 8. */
  embeddingDimensions?: number;
  /** Ids listed by GET /v1/models. */
  models?: string[];
};

export type FakeOpenAI = Fake & {
  /** The base URL to give an OpenAI client: `http://127.0.0.1:<port>/v1`. */
  baseURL: string;
  /** The full text of an answer. */
  readonly text: string;
  /** Changes the options for the next requests. */
  configure(patch: Partial<FakeOpenAIOptions>): void;
};

type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const opts: FakeOpenAIOptions = { ...options };
  const cache = new Map<string, Buffer | Frames>();
  const get = () => ({
    prompt: opts.promptTokens ?? 12,
    completion: opts.completionTokens ?? 8,
    deltas: fakeDeltas(opts.chunks ?? 4),
  });

  const chat = (ctx: Ctx, body: Record<string, unknown>) => {
    const model = typeof body.model === "string" ? body.model : "";
    if (!model || !Array.isArray(body.messages)) return invalid(ctx.res, "you must provide a model parameter and messages", "model");
    const stream = body.stream === true;
    if (!stream && body.stream_options != null) return invalid(ctx.res, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
    const includeUsage = stream && (body.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage === true;
    const key = `${model}\u0000${stream}\u0000${includeUsage}`;
    let cached = cache.get(key);
    if (!cached) {
      cached = stream ? chatFrames(model, includeUsage, get()) : Buffer.from(JSON.stringify(completion(model, get())));
      cache.set(key, cached);
    }
    if (Buffer.isBuffer(cached)) {
      if (opts.hangAfterChunks != null) return;
      return sendJson(ctx.res, 200, cached);
    }
    streamFrames(ctx.res, cached, { delayMs: opts.chunkDelayMs ?? 0, hangAfter: opts.hangAfterChunks ?? null });
  };

  const embeddings = (ctx: Ctx, body: Record<string, unknown>) => {
    const input = body.input;
    const inputs = typeof input === "string" ? [input] : Array.isArray(input) ? input : null;
    if (typeof body.model !== "string" || !inputs || inputs.length === 0) return invalid(ctx.res, "'input' must be a string or a non-empty array", "input");
    const dims = typeof body.dimensions === "number" ? body.dimensions : (opts.embeddingDimensions ?? 8);
    const base64 = body.encoding_format === "base64";
    const prompt = opts.promptTokens ?? 12;
    const data = inputs.map((_, index) => {
      const v = Float32Array.from({ length: dims }, (_, j) => (index + 1) / (j + 2));
      return { object: "embedding", index, embedding: base64 ? Buffer.from(v.buffer).toString("base64") : Array.from(v) };
    });
    sendJson(ctx.res, 200, { object: "list", data, model: body.model, usage: { prompt_tokens: prompt, total_tokens: prompt } });
  };

  const fake = await serveFake(
    (ctx) => {
      const { req, res, path } = ctx;
      if (opts.apiKey != null) {
        const key = headerValue(req, "authorization")?.replace(/^Bearer /, "") ?? "";
        if (key !== opts.apiKey) return unauthorized(res, key);
      }
      if (req.method === "GET" && path === "/v1/models") {
        const ids = opts.models ?? ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"];
        return sendJson(res, 200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1700000000, owned_by: "system" })) });
      }
      const isChat = req.method === "POST" && path === "/v1/chat/completions";
      const isEmbeddings = req.method === "POST" && path === "/v1/embeddings";
      if (!isChat && !isEmbeddings) return sendJson(res, 404, { error: { message: `Invalid URL (${req.method} ${path})`, type: "invalid_request_error", param: null, code: null } });
      if (opts.failWith) return sendFailure(res, opts.failWith);
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      return isChat ? chat(ctx, body) : embeddings(ctx, body);
    },
    () => opts.maxRecorded ?? 1000,
  );
  // defineProperties, not Object.assign: the getters must stay live.
  return Object.defineProperties(fake, {
    baseURL: { value: `${fake.url}/v1` },
    text: { get: () => get().deltas.join("") },
    configure: {
      value: (patch: Partial<FakeOpenAIOptions>) => {
        Object.assign(opts, patch);
        cache.clear();
      },
    },
  }) as FakeOpenAI;
}

const ID = "chatcmpl-fake0000000000000000000001";
const CREATED = 1700000000;
const FINGERPRINT = "fp_fake";

function usageOf(t: { prompt: number; completion: number }): Usage & Record<string, unknown> {
  return {
    prompt_tokens: t.prompt,
    completion_tokens: t.completion,
    total_tokens: t.prompt + t.completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function completion(model: string, t: { prompt: number; completion: number; deltas: string[] }) {
  return {
    id: ID,
    object: "chat.completion",
    created: CREATED,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: t.deltas.join(""), refusal: null, annotations: [] }, logprobs: null, finish_reason: "stop" }],
    usage: usageOf(t),
    service_tier: "default",
    system_fingerprint: FINGERPRINT,
  };
}

function chatFrames(model: string, includeUsage: boolean, t: { prompt: number; completion: number; deltas: string[] }): Frames {
  const head = `{"id":"${ID}","object":"chat.completion.chunk","created":${CREATED},"model":${JSON.stringify(model)},"service_tier":"default","system_fingerprint":"${FINGERPRINT}","choices":`;
  const usageNull = includeUsage ? ',"usage":null' : "";
  const chunk = (delta: object, finish: string | null) => `data: ${head}[{"index":0,"delta":${JSON.stringify(delta)},"logprobs":null,"finish_reason":${finish ? `"${finish}"` : "null"}}]${usageNull}}\n\n`;
  return {
    head: chunk({ role: "assistant", content: "", refusal: null }, null),
    content: t.deltas.map((content) => chunk({ content }, null)),
    tail: chunk({}, "stop") + (includeUsage ? `data: ${head}[],"usage":${JSON.stringify(usageOf(t))}}\n\n` : "") + "data: [DONE]\n\n",
  };
}

function invalid(res: ServerResponse, message: string, param: string) {
  sendJson(res, 400, { error: { message, type: "invalid_request_error", param, code: null } });
}

function unauthorized(res: ServerResponse, key: string) {
  // Like OpenAI's, the message echoes the key: the gateway must not pass it on.
  sendJson(res, 401, { error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", param: null, code: "invalid_api_key" } });
}
