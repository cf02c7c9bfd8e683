import { ChunkWriter, nowSeconds, type StreamTranslatorOptions } from "./chunk-writer";
import type { OpenAIErrorResponse } from "./errors";
import type { ChatUsage } from "./openai-types";
import { SSE_DONE, SseEventReader, type SseEvent } from "./sse";

// What the vendor stream translators share: upstream SSE bytes in, OpenAI chunk frames out, and
// the usage chunk and [DONE] only from finish(), so the gateway can commit usage before the
// client sees the end. A vendor supplies how one event translates and where its usage is.

export abstract class SseStreamTranslator {
  /** The upstream answer is whole (the vendor's end of message). */
  completed = false;
  /** The upstream's in-stream error, mapped; its frame has been emitted. */
  error: OpenAIErrorResponse | null = null;

  private readonly reader = new SseEventReader();
  private writer: ChunkWriter | null = null;

  constructor(
    protected readonly opts: StreamTranslatorOptions,
    /** The chunks' id when neither the options nor the vendor name one. */
    private readonly fallbackId: string,
  ) {}

  /** The usage the vendor has reported so far. */
  abstract get usage(): ChatUsage;

  /** One upstream event as OpenAI SSE text (possibly empty). */
  protected abstract event(e: SseEvent): string;

  /** Upstream bytes in, OpenAI SSE text out (possibly empty). */
  push(chunk: Uint8Array | string): string {
    return this.events(this.reader.push(chunk));
  }

  /** The upstream body ended: flushes an event left without its blank line. */
  end(): string {
    return this.events(this.reader.end());
  }

  /** The usage chunk when asked for, then [DONE]. */
  finish(): string {
    return this.opts.includeUsage ? this.chunks().usage(this.usage) + SSE_DONE : SSE_DONE;
  }

  /** The chunk writer, made on first use with the vendor's id and model when it named them. */
  protected chunks(id?: string, model?: string): ChunkWriter {
    this.writer ??= new ChunkWriter(this.opts.id ?? id ?? this.fallbackId, this.opts.created ?? nowSeconds(), this.opts.model ?? model ?? "unknown");
    return this.writer;
  }

  private events(events: SseEvent[]): string {
    let out = "";
    for (const e of events) out += this.event(e);
    return out;
  }
}
