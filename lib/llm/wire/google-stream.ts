import type { StreamTranslatorOptions } from "./chunk-writer";
import { errorFrame, mapUpstreamError } from "./errors";
import { googleFinishReason, googleUsage, type GeminiResponse, type GeminiUsageMetadata } from "./google-types";
import type { ChatUsage } from "./openai-types";
import type { SseEvent } from "./sse";
import { SseStreamTranslator } from "./stream-translator";

// Gemini's streamGenerateContent?alt=sse as OpenAI chunks. Each event is a whole
// GenerateContentResponse: text parts become content deltas, a functionCall arrives whole and
// becomes one tool call delta, finishReason ends a candidate, and usageMetadata (repeated,
// cumulative) is kept from the last event. There is no end event: the answer is whole once
// every candidate has finished. Usage chunk and [DONE] wait for finish().

export class GoogleStreamTranslator extends SseStreamTranslator {
  private meta: GeminiUsageMetadata | undefined = undefined;
  /** Gemini rarely names its function calls; ids are made unique per response. */
  private callBase: string | undefined = undefined;
  /** Per candidate: tool calls so far, and whether it finished. */
  private readonly candidates = new Map<number, { tools: number; finished: boolean }>();

  constructor(opts: StreamTranslatorOptions) {
    super(opts, "chatcmpl-google");
  }

  get usage(): ChatUsage {
    return googleUsage(this.meta);
  }

  protected event(e: SseEvent): string {
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
    const w = this.chunks(res.responseId ? `chatcmpl-${res.responseId}` : undefined);
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
