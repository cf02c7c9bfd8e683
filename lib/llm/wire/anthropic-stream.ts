import { anthropicFinishReason, anthropicUsage, type AnthropicUsage } from "./anthropic-types";
import type { StreamTranslatorOptions } from "./chunk-writer";
import { anthropicErrorStatus, errorFrame, mapUpstreamError } from "./errors";
import type { ChatUsage } from "./openai-types";
import type { SseEvent } from "./sse";
import { SseStreamTranslator } from "./stream-translator";

// Anthropic's stream (message_start, content_block_start/delta/stop, message_delta,
// message_stop, ping, error) as OpenAI chunks. Text deltas become content; a tool_use block
// opens a tool call (id, name) and its input_json_delta fragments append arguments; thinking
// blocks are dropped. The usage chunk and [DONE] wait for finish(), so the gateway can commit
// usage before the client sees the end.

type Event = {
  type?: string;
  index?: number;
  message?: { id?: string; model?: string; usage?: Partial<AnthropicUsage> };
  content_block?: { type?: string; id?: string; name?: string; text?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string | null };
  usage?: Partial<AnthropicUsage>;
  error?: { type?: string; message?: string };
};

export class AnthropicStreamTranslator extends SseStreamTranslator {
  private readonly raw: Partial<AnthropicUsage> = {};
  /** Anthropic content block index → OpenAI tool call index. */
  private readonly tools = new Map<number, number>();

  constructor(opts: StreamTranslatorOptions) {
    super(opts, "chatcmpl-anthropic");
  }

  /** Prompt tokens from message_start, completion tokens from the last message_delta. */
  get usage(): ChatUsage {
    return anthropicUsage(this.raw);
  }

  protected event(e: SseEvent): string {
    let ev: Event;
    try {
      ev = JSON.parse(e.data) as Event;
    } catch {
      return "";
    }
    switch (ev.type ?? e.event) {
      case "message_start":
        Object.assign(this.raw, pickUsage(ev.message?.usage));
        return this.chunks(ev.message?.id, ev.message?.model).role();
      case "content_block_start": {
        const block = ev.content_block;
        if (block?.type === "tool_use") {
          const index = this.tools.size;
          this.tools.set(ev.index ?? -1, index);
          return this.chunks().toolCall({ index, id: block.id, type: "function", function: { name: block.name, arguments: "" } });
        }
        return block?.type === "text" && block.text ? this.chunks().content(block.text) : "";
      }
      case "content_block_delta": {
        const d = ev.delta;
        if (d?.type === "text_delta" && d.text) return this.chunks().content(d.text);
        if (d?.type === "input_json_delta" && d.partial_json) {
          const index = this.tools.get(ev.index ?? -1);
          return index === undefined ? "" : this.chunks().toolCall({ index, function: { arguments: d.partial_json } });
        }
        return "";
      }
      case "message_delta":
        Object.assign(this.raw, pickUsage(ev.usage));
        return ev.delta?.stop_reason ? this.chunks().finish(anthropicFinishReason(ev.delta.stop_reason)) : "";
      case "message_stop":
        this.completed = true;
        return "";
      case "error":
        this.error = mapUpstreamError({ status: anthropicErrorStatus(ev.error?.type), body: e.data });
        return errorFrame(this.error.body);
      default:
        return "";
    }
  }
}

/** The usage counts present as numbers (message_delta repeats only some of them). */
function pickUsage(u: Partial<AnthropicUsage> | undefined): Partial<AnthropicUsage> {
  const out: Partial<AnthropicUsage> = {};
  if (!u) return out;
  if (typeof u.input_tokens === "number") out.input_tokens = u.input_tokens;
  if (typeof u.output_tokens === "number") out.output_tokens = u.output_tokens;
  if (typeof u.cache_creation_input_tokens === "number") out.cache_creation_input_tokens = u.cache_creation_input_tokens;
  if (typeof u.cache_read_input_tokens === "number") out.cache_read_input_tokens = u.cache_read_input_tokens;
  return out;
}
