import { ChunkWriter, nowSeconds, type StreamTranslatorOptions } from "./chunk-writer";
import { errorFrame, mapUpstreamError, type OpenAIErrorResponse } from "./errors";
import { googleFinishReason, googleUsage, type GeminiResponse, type GeminiUsageMetadata } from "./google-types";
import type { ChatUsage } from "./openai-types";
import { SSE_DONE, SseEventReader, type SseEvent } from "./sse";

// Gemini's streamGenerateContent?alt=sse as OpenAI chunks. Each event is a whole
// GenerateContentResponse: text parts become content deltas, a functionCall arrives whole and
// becomes one tool call delta, finishReason ends a candidate, and usageMetadata (repeated,
// cumulative) is kept from the last event. There is no end event: the answer is whole once
// every candidate has finished. Usage chunk and [DONE] wait for finish().

export class GoogleStreamTranslator {
  completed = false;
  /** An `error` object in the stream, mapped; its frame has been emitted. */
  error: OpenAIErrorResponse | null = null;

  private readonly reader = new SseEventReader();
  private readonly opts: StreamTranslatorOptions;
  private writer: ChunkWriter | null = null;
  private meta: GeminiUsageMetadata | undefined = undefined;
  /** Gemini rarely names its function calls; ids are made unique per response. */
  private callBase: string | undefined = undefined;
  /** Per candidate: tool calls so far, and whether it finished. */
  private readonly candidates = new Map<number, { tools: number; finished: boolean }>();

  constructor(opts: StreamTranslatorOptions) {
    this.opts = opts;
  }

  get usage(): ChatUsage {
    return googleUsage(this.meta);
  }

  push(chunk: Uint8Array | string): string {
    return this.events(this.reader.push(chunk));
  }

  end(): string {
    return this.events(this.reader.end());
  }

  finish(): string {
    return this.opts.includeUsage ? this.chunks().usage(this.usage) + SSE_DONE : SSE_DONE;
  }

  private chunks(responseId?: string): ChunkWriter {
    this.writer ??= new ChunkWriter(this.opts.id ?? (responseId ? `chatcmpl-${responseId}` : "chatcmpl-google"), this.opts.created ?? nowSeconds(), this.opts.model ?? "unknown");
    return this.writer;
  }

  private events(events: SseEvent[]): string {
    let out = "";
    for (const e of events) out += this.event(e);
    return out;
  }

  private event(e: SseEvent): string {
    let res: GeminiResponse & { error?: { code?: number } };
    try {
      res = JSON.parse(e.data) as typeof res;
    } catch {
      return "";
    }
    if (res.error) {
      this.error = mapUpstreamError({ status: typeof res.error.code === "number" ? res.error.code : 500, body: e.data });
      return errorFrame(this.error.body);
    }
    if (res.usageMetadata) this.meta = res.usageMetadata;
    const w = this.chunks(res.responseId);
    this.callBase ??= res.responseId ?? this.opts.id ?? "gemini";
    let out = "";
    (res.candidates ?? []).forEach((c, i) => {
      const index = c.index ?? i;
      let state = this.candidates.get(index);
      if (!state) {
        state = { tools: 0, finished: false };
        this.candidates.set(index, state);
        out += w.role(index);
      }
      for (const p of c.content?.parts ?? []) {
        if (typeof p.text === "string" && !p.thought) {
          if (p.text) out += w.content(p.text, index);
        } else if (p.functionCall) {
          const call = { index: state.tools, id: p.functionCall.id ?? `call_${this.callBase}_${index}_${state.tools}`, type: "function" as const, function: { name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) } };
          state.tools++;
          out += w.toolCall(call, index);
        }
      }
      if (c.finishReason && !state.finished) {
        state.finished = true;
        out += w.finish(googleFinishReason(c.finishReason, state.tools > 0), index);
      }
    });
    if (res.promptFeedback?.blockReason && this.candidates.size === 0) {
      this.candidates.set(0, { tools: 0, finished: true });
      out += w.role(0) + w.finish("content_filter", 0);
    }
    this.completed = this.candidates.size > 0 && [...this.candidates.values()].every((s) => s.finished);
    return out;
  }
}
