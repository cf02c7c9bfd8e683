import type { ChatToolCallDelta, ChatUsage, FinishReason } from "./openai-types";

/** Options of the stream translators (AnthropicStreamTranslator, GoogleStreamTranslator). */
export type StreamTranslatorOptions = {
  /** The model name the client sees (the gateway's alias); defaults to the vendor's. */
  model?: string;
  /** Send the usage chunk before [DONE] (the client set stream_options.include_usage). */
  includeUsage: boolean;
  /** The chunks' id; defaults to the vendor's message/response id. */
  id?: string;
  /** The chunks' `created`; defaults to now. */
  created?: number;
};

// Writes `chat.completion.chunk` SSE frames for the translators. The envelope (id, created,
// model) is serialised once; each frame only serialises its delta.

export class ChunkWriter {
  private readonly head: string;

  constructor(id: string, created: number, model: string) {
    this.head = `data: {"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[`;
  }

  private frame(choice: number, delta: string, finish: FinishReason | null): string {
    return `${this.head}{"index":${choice},"delta":${delta},"logprobs":null,"finish_reason":${finish === null ? "null" : `"${finish}"`}}]}\n\n`;
  }

  role(choice = 0): string {
    return this.frame(choice, '{"role":"assistant","content":""}', null);
  }

  content(text: string, choice = 0): string {
    return this.frame(choice, `{"content":${JSON.stringify(text)}}`, null);
  }

  toolCall(call: ChatToolCallDelta, choice = 0): string {
    return this.frame(choice, `{"tool_calls":[${JSON.stringify(call)}]}`, null);
  }

  finish(reason: FinishReason, choice = 0): string {
    return this.frame(choice, "{}", reason);
  }

  /** The usage-only chunk OpenAI sends last when `stream_options.include_usage` is set. */
  usage(usage: ChatUsage): string {
    return `${this.head}],"usage":${JSON.stringify(usage)}}\n\n`;
  }
}

/** Seconds since the epoch, as OpenAI's `created`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
