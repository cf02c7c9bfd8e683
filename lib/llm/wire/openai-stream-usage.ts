import type { ChatUsage } from "./openai-types";

// Watches an OpenAI chat completion SSE stream on its way to the client, bytes in, bytes out.
// The gateway asks upstream for usage whatever the client asked, so it must find the usage,
// hide the usage-only chunk from a client that did not ask for it, and keep "[DONE]" back until
// the usage is committed. Every other byte passes through untouched. Frames are cut on blank
// lines at the byte level ("\n" never occurs inside a UTF-8 sequence), and only a frame whose
// bytes hold a `"usage"` key with a non-null value is decoded and parsed.

const USAGE_KEY = Buffer.from('"usage"');
const DONE_MARK = Buffer.from("[DONE]");
const NULL = Buffer.from("null");
const EMPTY = Buffer.alloc(0);
const LF = 10;
const CR = 13;

export type OpenAIStreamUsageOptions = {
  /** Drop the chunk whose `choices` is empty and `usage` set (the client did not ask for usage). */
  dropUsageChunk: boolean;
  /** Keep the `data: [DONE]` frame (and anything after it) for `takeHeldTail()`. */
  holdDone: boolean;
};

export class OpenAIStreamUsageScanner {
  /** The last non-null top-level `usage` seen in any chunk. */
  usage: ChatUsage | null = null;
  /** Whether a `data: [DONE]` frame went by (or is held). */
  done = false;

  private readonly opts: OpenAIStreamUsageOptions;
  private pending: Buffer = EMPTY;
  /** Offset in `pending` where the line being scanned starts. */
  private lineStart = 0;
  private held: Buffer[] = [];
  private holding = false;

  constructor(opts: OpenAIStreamUsageOptions) {
    this.opts = opts;
  }

  /** Feeds upstream bytes; returns the bytes to send to the client now (often `chunk` itself). */
  push(chunk: Uint8Array): Uint8Array {
    const incoming = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.holding) {
      if (incoming.length > 0) this.held.push(Buffer.from(incoming));
      return EMPTY;
    }
    const scanFrom = this.pending.length;
    const buf = scanFrom > 0 ? Buffer.concat([this.pending, incoming]) : incoming;
    const out: [number, number][] = [];
    let frameStart = 0;
    let lineStart = this.lineStart;
    for (let nl = buf.indexOf(LF, scanFrom); nl !== -1; nl = buf.indexOf(LF, nl + 1)) {
      const blank = nl === lineStart || (nl === lineStart + 1 && buf[lineStart] === CR);
      lineStart = nl + 1;
      if (!blank) continue;
      this.frame(buf, frameStart, lineStart, out);
      frameStart = lineStart;
      if (this.holding) {
        if (lineStart < buf.length) this.held.push(Buffer.from(buf.subarray(lineStart)));
        frameStart = buf.length;
        lineStart = buf.length;
        break;
      }
    }
    // The unfinished frame is copied: the caller may reuse its chunk buffers.
    this.pending = frameStart === buf.length ? EMPTY : Buffer.from(buf.subarray(frameStart));
    this.lineStart = lineStart - frameStart;
    const whole = out.length === 1 && out[0][0] === 0 && out[0][1] === buf.length;
    return whole && buf === incoming ? chunk : assemble(buf, out);
  }

  /** The upstream ended: decides the last frame even without its blank line; returns bytes to send. */
  end(): Uint8Array {
    const buf = this.pending;
    this.pending = EMPTY;
    this.lineStart = 0;
    if (buf.length === 0) return EMPTY;
    if (this.holding) {
      this.held.push(buf);
      return EMPTY;
    }
    const out: [number, number][] = [];
    this.frame(buf, 0, buf.length, out);
    return assemble(buf, out);
  }

  /** The held `[DONE]` frame and whatever followed it; empty when nothing is held. Clears it. */
  takeHeldTail(): Uint8Array {
    const tail = this.held.length === 1 ? this.held[0] : Buffer.concat(this.held);
    this.held = [];
    return tail;
  }

  private frame(buf: Buffer, start: number, end: number, out: [number, number][]) {
    const frame = buf.subarray(start, end);
    if (!this.done && frame.length < 64 && frame.indexOf(DONE_MARK) !== -1 && frameData(frame) === "[DONE]") {
      this.done = true;
      if (this.opts.holdDone) {
        this.holding = true;
        this.held.push(Buffer.from(frame));
        return;
      }
    } else if (hasNonNullUsage(frame)) {
      const usageOnly = this.readUsage(frame);
      if (usageOnly && this.opts.dropUsageChunk) return;
    }
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (last && last[1] === start) last[1] = end;
    else out.push([start, end]);
  }

  /** Records the chunk's usage; says whether the chunk carries usage and no choices. */
  private readUsage(frame: Buffer): boolean {
    let parsed: { usage?: unknown; choices?: unknown };
    try {
      parsed = JSON.parse(frameData(frame) ?? "");
    } catch {
      return false;
    }
    if (typeof parsed !== "object" || parsed === null || typeof parsed.usage !== "object" || parsed.usage === null) return false;
    this.usage = parsed.usage as ChatUsage;
    return Array.isArray(parsed.choices) && parsed.choices.length === 0;
  }
}

/** Whether the frame's bytes hold `"usage"` followed by a colon and something other than null. */
function hasNonNullUsage(frame: Buffer): boolean {
  for (let at = frame.indexOf(USAGE_KEY); at !== -1; at = frame.indexOf(USAGE_KEY, at + 1)) {
    let i = skipSpace(frame, at + USAGE_KEY.length);
    if (frame[i] !== 58) continue;
    i = skipSpace(frame, i + 1);
    if (i >= frame.length) continue;
    if (frame.compare(NULL, 0, 4, i, i + 4) !== 0) return true;
  }
  return false;
}

function skipSpace(b: Buffer, i: number): number {
  while (i < b.length && (b[i] === 32 || b[i] === 9)) i++;
  return i;
}

/** The frame's data lines joined by "\n", or null when it has none. */
function frameData(frame: Buffer): string | null {
  let data: string | null = null;
  for (const line of frame.toString("utf8").split(/\r\n|\r|\n/)) {
    if (!line.startsWith("data:")) continue;
    const value = line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return data;
}

function assemble(buf: Buffer, ranges: [number, number][]): Uint8Array {
  if (ranges.length === 0) return EMPTY;
  if (ranges.length === 1) {
    const [a, b] = ranges[0];
    return a === 0 && b === buf.length ? buf : buf.subarray(a, b);
  }
  return Buffer.concat(ranges.map(([a, b]) => buf.subarray(a, b)));
}
