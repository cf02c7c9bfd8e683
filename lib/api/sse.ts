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

// A serverless platform ends a function at its maximum duration (Vercel: the route's
// maxDuration, 300 s). The stream ends itself a little earlier, cleanly, and the client's
// EventSource reconnects (with Last-Event-ID: run events resume where they stopped).
// SSE_MAX_STREAM_SECONDS sets it anywhere; on Vercel it defaults to 280 s; elsewhere unset: no limit.
const VERCEL_STREAM_SECONDS = 280;
function maxStreamMs(): number | null {
  const fallback = process.env.VERCEL === "1" ? VERCEL_STREAM_SECONDS : 0;
  const seconds = positiveEnv("SSE_MAX_STREAM_SECONDS", fallback);
  return seconds > 0 ? seconds * 1000 : null;
}

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
export function sseResponse(req: Request, start: (sink: SseSink) => void | Promise<void>, opts: { heartbeatMs?: number; maxStreamMs?: number } = {}): Response {
  const encoder = new TextEncoder();
  const cleanups: Array<() => void> = [];
  const beats: Array<() => void> = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let heartbeat: NodeJS.Timeout | null = null;
  let deadline: NodeJS.Timeout | null = null;

  const finish = () => {
    if (closed) return;
    closed = true;
    if (heartbeat) clearInterval(heartbeat);
    if (deadline) clearTimeout(deadline);
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
      const maxMs = opts.maxStreamMs ?? maxStreamMs();
      if (maxMs) {
        deadline = setTimeout(() => sink.close(), maxMs);
        deadline.unref?.();
      }
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
