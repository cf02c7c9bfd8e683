import type { z } from "zod";
import { ApiError } from "@/lib/core/errors";
import { parseWith } from "@/lib/core/validate";
import { refuseDeepJson } from "@/lib/core/json-depth";

const MAX_JSON_BYTES = 1024 * 1024;

// application/json or a structured-syntax `+json` type, with parameters; JSON is UTF-8 (RFC 8259).
const JSON_MEDIA_TYPE = /^application\/(?:json|[a-z0-9!#$&^_.-]+\+json)\s*(?:;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/** A body is only read as JSON when it says it is JSON; a body-less request may say nothing. */
function checkJsonContentType(req: Request, text: string): void {
  if (!text.length) return;
  const type = req.headers.get("content-type")?.trim() ?? "";
  const charset = CHARSET.exec(type)?.[1].toLowerCase();
  if (JSON_MEDIA_TYPE.test(type) && (!charset || charset === "utf-8" || charset === "utf8")) return;
  throw new ApiError("unsupported_media_type", "Send the body as JSON with Content-Type: application/json (UTF-8)", {
    details: [{ path: "Content-Type", message: type ? `Unsupported: ${type.slice(0, 100)}` : "Required" }],
  });
}

/** Parses and validates a JSON body; 415 unless it is declared JSON; malformed, too deeply nested (MAX_JSON_DEPTH) and schema failures are 422s. */
export async function parseJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  checkJsonContentType(req, text);
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError("payload_too_large", "The request body is larger than 1 MiB");
  refuseDeepJson(text);
  let raw: unknown;
  try {
    raw = text.length ? JSON.parse(text) : {};
  } catch {
    throw new ApiError("invalid_request", "The request body is not valid JSON", { details: [{ path: "(body)", message: "Malformed JSON" }] });
  }
  refuseNul(raw);
  return parseWith(schema, raw);
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or a lone UTF-16 surrogate ("\ud800" in JSON),
 * so either anywhere in the input would fail in the database (a 500); refuse it here as a 422.
 * Iterative, so deeply nested JSON cannot overflow the stack.
 */
function refuseNul(raw: unknown): void {
  const stack: Array<[unknown, string]> = [[raw, ""]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === "string") checkText(v, path);
    if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        checkText(k, p);
        stack.push([x, p]);
      }
    }
  }
}

function checkText(s: string, path: string): void {
  if (s.includes("\u0000")) throw invalidText(path, "Must not contain NUL characters");
  if (!s.isWellFormed()) throw invalidText(path, "Must be well-formed Unicode (no lone surrogates)");
}

function invalidText(path: string, message: string): ApiError {
  return new ApiError("invalid_request", "The request is invalid", { details: [{ path: path || "(root)", message }] });
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const url = new URL(req.url);
  const raw = Object.fromEntries(url.searchParams.entries());
  refuseNul(raw);
  return parseWith(schema, raw);
}

// lib/operations/route.ts still imports parseWith from here.
export { parseWith };
