import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";

// Small response helpers shared by the gateway's handlers. Ingress errors use the platform's
// error shape; the LLM endpoint answers in OpenAI's (gateway/llm/errors.ts).

export type Ctx = { req: IncomingMessage; res: ServerResponse; requestId: string; url: URL };

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll("-", "")}`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(payload), "cache-control": "no-store", ...headers });
  res.end(payload);
}

/** `{ "error": { "code", "message", "requestId" } }` with the status. */
export function sendError(ctx: Ctx, status: number, code: string, message: string, headers: Record<string, string | string[]> = {}): void {
  sendJson(ctx.res, status, { error: { code, message, requestId: ctx.requestId } }, headers);
}

export class BodyTooLarge extends Error {}

/** Reads a whole upstream answer, refusing more than `cap` bytes (the stream is destroyed then). */
export async function readCapped(body: AsyncIterable<Buffer>, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > cap) throw new BodyTooLarge();
    chunks.push(c);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/**
 * The request body, refused past `cap` (on its declared length before anything is read). Unlike
 * readCapped it does not destroy the request on overflow but lets the rest drain, so the 413
 * still reaches the client.
 */
export function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= cap) return void chunks.push(c);
      req.off("data", onData);
      req.resume();
      reject(new BodyTooLarge());
    };
    req.on("data", onData);
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The bearer credential of a request, or null. */
export function bearerOf(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : null;
}
