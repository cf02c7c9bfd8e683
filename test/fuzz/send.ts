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
  return { res, text: await res.text() };
}

