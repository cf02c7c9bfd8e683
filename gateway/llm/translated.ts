import type { EffectiveModel } from "@/lib/agents/agent-models";
import { DEFAULT_LLM_MAX_TOKENS } from "@/lib/metering/estimate";
import { AnthropicStreamTranslator, fromAnthropicResponse, toAnthropicRequest, type AnthropicMessage } from "@/lib/llm/wire/anthropic";
import { GoogleStreamTranslator, fromGoogleResponse, googlePath, toGoogleRequest, type GeminiResponse } from "@/lib/llm/wire/google";
import type { ChatCompletionRequest } from "@/lib/llm/wire/openai-types";
import type { SseStreamTranslator } from "@/lib/llm/wire/stream-translator";
import { usageOf, type ChatBody, type StreamAdapter, type UpstreamPlan, type Usage } from "./plan";
import type { Target } from "./targets";

// Anthropic and Google behind the OpenAI wire: the request is translated to the vendor's
// (lib/llm/wire), and its answer back — whole, or frame by frame for streams, where the usage
// chunk and [DONE] are only produced by finish(), after the usage is committed.

class TranslatedStream implements StreamAdapter {
  constructor(private readonly t: SseStreamTranslator) {}
  push(chunk: Uint8Array) {
    return Buffer.from(this.t.push(chunk), "utf8");
  }
  end() {
    return Buffer.from(this.t.end(), "utf8");
  }
  takeHeldTail() {
    return Buffer.from(this.t.finish(), "utf8");
  }
  get usage(): Usage | null {
    return this.t.completed ? usageOf(this.t.usage) : null;
  }
  get done() {
    return this.t.completed && !this.t.error;
  }
  get failed() {
    return this.t.error !== null;
  }
}

export function translatedChatPlan(target: Target, route: EffectiveModel, body: ChatBody): UpstreamPlan {
  const req = { ...body, model: route.model } as ChatCompletionRequest;
  const stream = body.stream === true;
  const includeUsage = !!(body.stream_options && typeof body.stream_options === "object" && (body.stream_options as { include_usage?: unknown }).include_usage === true);
  const clientModel = body.model;
  if (target.vendor === "anthropic") {
    const payload = toAnthropicRequest(req, { defaultMaxTokens: route.maxTokens ?? DEFAULT_LLM_MAX_TOKENS, model: route.model });
    return {
      url: new URL(`${target.baseUrl}/messages`),
      headers: { "x-api-key": target.apiKey, "anthropic-version": "2023-06-01", "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json" },
      body: JSON.stringify({ ...payload, stream }),
      stream,
      complete(buf) {
        const completion = fromAnthropicResponse(JSON.parse(buf.toString("utf8")) as AnthropicMessage, { model: clientModel });
        return { body: JSON.stringify(completion), usage: usageOf(completion.usage), contentType: "application/json" };
      },
      streamAdapter: () => new TranslatedStream(new AnthropicStreamTranslator({ includeUsage, model: clientModel })),
    };
  }
  if (target.vendor === "google") {
    return {
      url: new URL(`${target.baseUrl}${googlePath(route.model, stream)}`),
      headers: { "x-goog-api-key": target.apiKey, "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json" },
      body: JSON.stringify(toGoogleRequest(req)),
      stream,
      complete(buf) {
        const completion = fromGoogleResponse(JSON.parse(buf.toString("utf8")) as GeminiResponse, { model: clientModel });
        return { body: JSON.stringify(completion), usage: usageOf(completion.usage), contentType: "application/json" };
      },
      streamAdapter: () => new TranslatedStream(new GoogleStreamTranslator({ includeUsage, model: clientModel })),
    };
  }
  throw new Error(`no translation for ${target.vendor}`);
}

/** Embeddings, OpenAI wire only: passed through, the model named by its role replaced. */
export function openAiEmbeddingsPlan(target: Target, route: EffectiveModel, body: Record<string, unknown>, raw: Buffer): UpstreamPlan {
  return {
    url: new URL(`${target.baseUrl}/embeddings`),
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json", accept: "application/json" },
    body: body.model === route.model ? raw : JSON.stringify({ ...body, model: route.model }),
    stream: false,
    complete(buf) {
      let usage: Usage | null = null;
      try {
        const u = (JSON.parse(buf.toString("utf8")) as { usage?: { prompt_tokens?: number } }).usage;
        if (u && typeof u.prompt_tokens === "number") usage = { tokensIn: u.prompt_tokens, tokensOut: 0 };
      } catch {
        usage = null;
      }
      return { body: buf, usage, contentType: "application/json" };
    },
    streamAdapter: () => {
      throw new Error("embeddings do not stream");
    },
  };
}
