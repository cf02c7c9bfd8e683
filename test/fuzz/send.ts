// Sends one generated case to an operation's real route handler, as Next would call it.
import type { Case } from "./cases";
import { loadHandler, type Operation } from "./operations";

function encodeSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return "%EF%BF%BD"; // a lone surrogate: URL text only, the handler gets the raw value in params
  }
}

export async function send(op: Operation, c: Case): Promise<{ res: Response; text: string }> {
  const handler = await loadHandler(op);
  const url = new URL("http://localhost" + op.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeSegment(c.params[n] ?? "")));
  for (const [k, v] of Object.entries(c.query)) url.searchParams.append(k, v);
  const hasBody = c.body !== undefined && op.method !== "get";
  const req = new Request(url, {
    method: op.method.toUpperCase(),
    headers: { ...(hasBody ? { "content-type": op.body?.contentType ?? "application/json" } : {}), "user-agent": "fuzz", ...c.headers },
    body: hasBody ? c.body : undefined,
  });
  const params = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, op.catchAll.has(k) ? v.split("/") : v]));
  const res = await handler(req, { params: Promise.resolve(params) });
  if ((res.headers.get("content-type") ?? "").startsWith("text/event-stream")) return { res, text: await firstChunk(res) };
  return { res, text: await res.text() };
}

// A Server-Sent Events stream may stay open for as long as the client listens: read what the
// server sends first, then hang up as a client would (the route must clean up on cancel).
async function firstChunk(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const timeout = new Promise<{ value?: undefined }>((resolve) => setTimeout(() => resolve({}), 2_000).unref());
  const { value } = await Promise.race([reader.read(), timeout]);
  await reader.cancel();
  return value ? new TextDecoder().decode(value) : "";
}

