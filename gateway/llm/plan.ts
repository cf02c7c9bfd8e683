import type { EffectiveModel } from "@/lib/agents/agent-models";
import { OpenAIStreamUsageScanner } from "@/lib/llm/wire/openai-stream-usage";
import type { ChatUsage } from "@/lib/llm/wire/openai-types";
import type { Target } from "./targets";

// How one client request becomes one upstream request, per vendor, and how the upstream's
// answer becomes the client's: OpenAI and OpenAI-compatible providers are passed through byte
// for byte (the only change: streams always ask for usage); Anthropic and Google are translated
// (gateway/llm/translated.ts).

export type Usage = { tokensIn: number; tokensOut: number };

/** Bytes in, bytes out, for a streamed answer; holds the final frame until `takeHeldTail`. */
export interface StreamAdapter {
  push(chunk: Uint8Array): Uint8Array;
  end(): Uint8Array;
  takeHeldTail(): Uint8Array;
  readonly usage: Usage | null;
  /** The upstream said the answer is complete. */
  readonly done: boolean;
  /** The upstream reported an error inside the stream. */
  readonly failed?: boolean;
}

export type UpstreamPlan = {
  url: URL;
  headers: Record<string, string>;
  body: Buffer | string;
  stream: boolean;
  /** A non-streamed success: the client's body and the usage in it. */
  complete(body: Buffer): { body: Buffer | string; usage: Usage | null; contentType: string };
  streamAdapter(): StreamAdapter;
};

export type ChatBody = Record<string, unknown> & { model: string; messages: unknown[]; stream?: unknown; stream_options?: unknown };

export const usageOf = (u: ChatUsage | null | undefined): Usage | null =>
  u && typeof u.prompt_tokens === "number" ? { tokensIn: u.prompt_tokens, tokensOut: typeof u.completion_tokens === "number" ? u.completion_tokens : 0 } : null;

class OpenAIStream implements StreamAdapter {
  private readonly scanner: OpenAIStreamUsageScanner;
  constructor(dropUsageChunk: boolean) {
    this.scanner = new OpenAIStreamUsageScanner({ dropUsageChunk, holdDone: true });
  }
  push(chunk: Uint8Array) {
    return this.scanner.push(chunk);
  }
  end() {
    return this.scanner.end();
  }
  takeHeldTail() {
    return this.scanner.takeHeldTail();
  }
  get usage() {
    return usageOf(this.scanner.usage);
  }
  get done() {
    return this.scanner.done;
  }
}

/** The OpenAI wire, for `openai` and `openai_compatible` providers. */
export function openAiChatPlan(target: Target, route: EffectiveModel, body: ChatBody, raw: Buffer): UpstreamPlan {
  const stream = body.stream === true;
  const options = body.stream_options && typeof body.stream_options === "object" ? (body.stream_options as Record<string, unknown>) : null;
  const clientAskedUsage = options?.include_usage === true;
  const renamed = body.model !== route.model;
  // Byte for byte unless something must change: the model named by its role, or a stream
  // that did not ask for usage (the gateway always needs it).
  const upstreamBody = !renamed && (!stream || clientAskedUsage) ? raw : JSON.stringify({ ...body, model: route.model, ...(stream ? { stream_options: { ...options, include_usage: true } } : {}) });
  return {
    url: new URL(`${target.baseUrl}/chat/completions`),
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json" },
    body: upstreamBody,
    stream,
    complete(buf) {
      let usage: Usage | null = null;
      try {
        usage = usageOf((JSON.parse(buf.toString("utf8")) as { usage?: ChatUsage }).usage);
      } catch {
        usage = null;
      }
      return { body: buf, usage, contentType: "application/json" };
    },
    streamAdapter: () => new OpenAIStream(!clientAskedUsage),
  };
}
