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

/** Reads the whole request body, refusing more than `cap` bytes. */
export function readBody(req: IncomingMessage, cap: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > cap) {
        req.removeAllListeners("data");
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
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
