// A Server-Sent Events response as a ReadableStream: messages, comments, a heartbeat, and one
// cleanup path however the stream ends (the server closes it, the client goes away, or the
// reader cancels it).

import { positiveEnv } from "@/lib/core/env";
import type { EventSink as SseSink, SinkMessage as SseMessage } from "@/lib/core/event-sink";

const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Accel-Buffering": "no",
};

// Proxies drop idle connections; a comment line every 15 s keeps the stream alive.
// SSE_HEARTBEAT_MS overrides the interval (tests of the catch-up path use a short one).
const heartbeatMs = () => positiveEnv("SSE_HEARTBEAT_MS", 15_000);

function frame(msg: SseMessage): string {
  let out = "";
  if (msg.id !== undefined) out += `id: ${msg.id}\n`;
  if (msg.event) out += `event: ${msg.event}\n`;
  // JSON has no raw newlines, so one data line per message.
  return `${out}data: ${JSON.stringify(msg.data)}\n\n`;
}

/**
 * Builds the streaming response. `start` runs after the first bytes (a `retry` hint and an
 * `open` comment) are queued, so clients and proxies see the stream begin at once.
 */
export function sseResponse(req: Request, start: (sink: SseSink) => void | Promise<void>, opts: { heartbeatMs?: number } = {}): Response {
  const encoder = new TextEncoder();
  const cleanups: Array<() => void> = [];
  const beats: Array<() => void> = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | null = null;

  const finish = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    req.signal.removeEventListener("abort", finish);
    for (const fn of cleanups.splice(0)) {
      try {
        fn();
      } catch {
        // Cleanup must not throw into the stream machinery.
      }
    }
  };
  const write = (text: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(text));
    } catch {
      finish();
    }
  };
  const sink: SseSink = {
    send: (msg) => write(frame(msg)),
    comment: (text) => write(`: ${text.replace(/\n/g, " ")}\n\n`),
    close: () => {
      if (closed) return;
      finish();
      try {
        controller.close();
      } catch {
        // Already closed by the consumer.
      }
    },
    get closed() {
      return closed;
    },
    onClose: (fn) => void (closed ? fn() : cleanups.push(fn)),
    onHeartbeat: (fn) => void beats.push(fn),
  };

  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      if (req.signal.aborted) return sink.close();
      req.signal.addEventListener("abort", finish);
      write("retry: 3000\n: open\n\n");
      heartbeat = setInterval(() => {
        sink.comment("ping");
        for (const fn of beats) fn();
      }, opts.heartbeatMs ?? heartbeatMs());
      heartbeat.unref?.();
      void Promise.resolve()
        .then(() => start(sink))
        .catch(() => sink.close());
    },
    cancel() {
      finish();
    },
  });
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}
