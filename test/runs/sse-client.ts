// A minimal Server-Sent Events client over a route handler's Response, for the SSE tests:
// parses `id:`/`event:`/`data:` fields into messages and lets a test wait for the next ones.

type SseEvent = { id?: string; event: string; data: unknown };
type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type SseStream = {
  status: number;
  headers: Headers;
  /** Every message received so far (comments excluded). */
  events: SseEvent[];
  /** Resolves once `count` messages in total have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server closes the stream. */
  ended: Promise<void>;
  /** Hangs up, as a browser closing the tab. */
  close(): void;
};

export async function openSse(handler: Handler, path: string, opts: { headers?: Record<string, string>; params?: Record<string, string>; query?: Record<string, string> } = {}): Promise<SseStream> {
  const url = new URL(`http://localhost${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const abort = new AbortController();
  const res = await handler(new Request(url, { headers: opts.headers, signal: abort.signal }), { params: Promise.resolve(opts.params ?? {}) });
  const events: SseEvent[] = [];
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());

  let ended: Promise<void> = Promise.resolve();
  if (res.body && (res.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    ended = (async () => {
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const fields = block.split("\n").filter((l) => !l.startsWith(":"));
          const get = (name: string) => fields.find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
          const data = get("data");
          if (data === undefined) continue;
          events.push({ id: get("id"), event: get("event") ?? "message", data: JSON.parse(data) });
        }
        notify();
      }
      notify();
    })();
    abort.signal.addEventListener("abort", () => void reader.cancel().catch(() => undefined));
  }

  return {
    status: res.status,
    headers: res.headers,
    events,
    ended,
    close: () => abort.abort(),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} SSE messages, got ${events.length}: ${JSON.stringify(events)}`);
        await Promise.race([new Promise<void>((r) => waiters.push(r)), new Promise((r) => setTimeout(r, Math.min(left, 200)))]);
      }
      return events.slice(0, count);
    },
  };
}
