import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// The plumbing under the fake vendors of fake-llm.ts: a node:http server on 127.0.0.1 that
// records requests, answers from precomputed bytes, streams frames with an optional delay, and
// can stall a response (kept until the client goes away or close()).

export type FailWith = { status: number; body: unknown; headers?: Record<string, string> };
export type RecordedRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown };

/** Options every fake vendor takes. */
export type FakeCommonOptions = {
  /** Prompt (input) tokens reported. Default 12. */
  promptTokens?: number;
  /** Completion (output) tokens reported. Default 8. */
  completionTokens?: number;
  /** Content chunks in a streamed answer. Default 4. */
  chunks?: number;
  /** Delay before each content chunk and before the end of a stream. Default 0 (one write). */
  chunkDelayMs?: number;
  /** Answer every model call with this status and body (a string body is sent as is). */
  failWith?: FailWith | null;
  /** Streams send this many content chunks and then stall; non-streamed calls stall before answering. */
  hangAfterChunks?: number | null;
  /** The key the fake expects; null accepts any. */
  apiKey?: string | null;
  /** Requests kept in `requests` (all are counted). Default 1000. */
  maxRecorded?: number;
};

export type Ctx = { req: IncomingMessage; res: ServerResponse; path: string; query: URLSearchParams; body: unknown };

export type Fake = {
  url: string;
  port: number;
  /** The first `maxRecorded` requests, with parsed JSON bodies. */
  requests: RecordedRequest[];
  /** Requests received. */
  readonly count: number;
  /** Streams and stalled calls the client left before their end. */
  readonly aborted: number;
  close(): Promise<void>;
};

export async function serveFake(handle: (ctx: Ctx) => void, maxRecorded: () => number): Promise<Fake> {
  const requests: RecordedRequest[] = [];
  let count = 0;
  let aborted = 0;
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      count++;
      const raw = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      let body: unknown = undefined;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString("utf8"));
        } catch {
          return sendJson(res, 400, { error: { message: "We could not parse the JSON body of your request.", type: "invalid_request_error", param: null, code: null } });
        }
      }
      const q = req.url?.indexOf("?") ?? -1;
      const path = q === -1 ? (req.url ?? "/") : req.url!.slice(0, q);
      if (requests.length < maxRecorded()) requests.push({ method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body });
      open.add(res);
      res.on("close", () => {
        open.delete(res);
        if (!res.writableEnded) aborted++;
      });
      handle({ req, res, path, query: new URLSearchParams(q === -1 ? "" : req.url!.slice(q + 1)), body });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    get count() {
      return count;
    },
    get aborted() {
      return aborted;
    },
    close: async () => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  res.writeHead(status, { "content-type": "application/json", "content-length": String(bytes.length), ...headers });
  res.end(bytes);
}

export function sendFailure(res: ServerResponse, fail: FailWith) {
  sendJson(res, fail.status, fail.body, fail.headers);
}

/** A streamed answer in three parts: what precedes the content, one frame per content chunk, the end. */
export type Frames = { head: string; content: string[]; tail: string; whole?: Buffer };

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

/**
 * Streams `frames`: in one write when there is no delay and no stall, otherwise the head, then
 * each content chunk after `delayMs`, then the tail; with `hangAfter`, stops after that many
 * content chunks and keeps the response open. `cut` replaces the tail after n chunks (an error event).
 */
export function streamFrames(res: ServerResponse, frames: Frames, opts: { delayMs: number; hangAfter: number | null; cut?: { after: number; frame: string } }) {
  res.writeHead(200, SSE_HEADERS);
  if (opts.delayMs <= 0 && opts.hangAfter == null && !opts.cut) {
    frames.whole ??= Buffer.from(frames.head + frames.content.join("") + frames.tail);
    res.end(frames.whole);
    return;
  }
  const stopAt = Math.min(opts.hangAfter ?? Infinity, opts.cut?.after ?? Infinity, frames.content.length);
  let i = 0;
  res.write(frames.head);
  const next = () => {
    if (res.destroyed) return;
    if (i < stopAt) {
      res.write(frames.content[i++]);
      return void (opts.delayMs > 0 ? setTimeout(next, opts.delayMs) : setImmediate(next));
    }
    if (opts.cut && i === opts.cut.after) return void res.end(opts.cut.frame);
    if (opts.hangAfter != null && i === opts.hangAfter) return;
    res.end(frames.tail);
  };
  if (opts.delayMs > 0) setTimeout(next, opts.delayMs);
  else next();
}

/** Content deltas: "Héllo" (a multi-byte character on purpose), then " 1", " 2", … */
export function fakeDeltas(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? "Héllo" : ` ${i}`));
}

export function headerValue(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" ? v : null;
}
