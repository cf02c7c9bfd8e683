// Server-sent events, incrementally: upstream bodies arrive in chunks cut anywhere (mid-line,
// mid-CRLF, mid-UTF-8 character), and nothing here waits for the whole body.

/**
 * Splits a byte (or text) stream into lines without their terminators. Lines end in "\n",
 * "\r\n" or a lone "\r", as the SSE grammar allows; a "\r\n" cut between two chunks counts once.
 * Feed either bytes or strings, not both: bytes go through one streaming UTF-8 decoder.
 */
export class SseLineSplitter {
  private readonly decoder = new TextDecoder();
  private rest = "";
  /** The previous chunk ended in "\r": a "\n" opening the next one belongs to it. */
  private skipLf = false;

  push(chunk: Uint8Array | string): string[] {
    let text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.skipLf = false;
    }
    const buf = this.rest.length > 0 ? this.rest + text : text;
    const lines: string[] = [];
    let start = 0;
    if (buf.indexOf("\r") === -1) {
      for (let nl = buf.indexOf("\n"); nl !== -1; nl = buf.indexOf("\n", start)) {
        lines.push(buf.slice(start, nl));
        start = nl + 1;
      }
    } else {
      for (let i = 0; i < buf.length; i++) {
        const c = buf.charCodeAt(i);
        if (c !== 10 && c !== 13) continue;
        lines.push(buf.slice(start, i));
        if (c === 13) {
          if (i + 1 === buf.length) this.skipLf = true;
          else if (buf.charCodeAt(i + 1) === 10) i++;
        }
        start = i + 1;
      }
    }
    this.rest = start === 0 ? buf : buf.slice(start);
    return lines;
  }

  /** The last line when the stream ended without a terminator. */
  end(): string[] {
    const tail = this.rest + this.decoder.decode();
    this.rest = "";
    this.skipLf = false;
    return tail.length > 0 ? [tail] : [];
  }
}

export type SseEvent = { event: string | undefined; data: string };

/**
 * Groups lines into events: "event:" names it, "data:" lines join with "\n", a blank line
 * dispatches it, ":" comments and other fields are skipped. An event without data is dropped.
 */
export class SseEventReader {
  private readonly lines = new SseLineSplitter();
  private event: string | undefined = undefined;
  private data: string | null = null;

  push(chunk: Uint8Array | string): SseEvent[] {
    const out: SseEvent[] = [];
    for (const line of this.lines.push(chunk)) this.line(line, out);
    return out;
  }

  /** Flushes a last event that was not followed by a blank line (lenient: some servers omit it). */
  end(): SseEvent[] {
    const out: SseEvent[] = [];
    for (const line of this.lines.end()) this.line(line, out);
    this.line("", out);
    return out;
  }

  private line(line: string, out: SseEvent[]) {
    if (line.length === 0) {
      if (this.data !== null) out.push({ event: this.event, data: this.data });
      this.event = undefined;
      this.data = null;
      return;
    }
    if (line.charCodeAt(0) === 58) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data = this.data === null ? value : `${this.data}\n${value}`;
    else if (field === "event") this.event = value;
  }
}

/** One SSE frame carrying `data` (which must not contain line breaks; JSON.stringify output never does). */
export function sseFrame(data: string): string {
  return `data: ${data}\n\n`;
}

export const SSE_DONE = "data: [DONE]\n\n";
