import type { z } from "zod";
import { ApiError } from "./errors";
import { zodIssues } from "./error-response";

const MAX_JSON_BYTES = 1024 * 1024;

/** Parses and validates a JSON body; malformed JSON and schema failures are 422s. */
export async function parseJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new ApiError("payload_too_large", "The request body is larger than 1 MiB");
  let raw: unknown;
  try {
    raw = text.length ? JSON.parse(text) : {};
  } catch {
    throw new ApiError("invalid_request", "The request body is not valid JSON", { details: [{ path: "(body)", message: "Malformed JSON" }] });
  }
  return parseWith(schema, raw);
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const url = new URL(req.url);
  return parseWith(schema, Object.fromEntries(url.searchParams.entries()));
}

export function parseWith<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new ApiError("invalid_request", "The request is invalid", { details: zodIssues(result.error) });
  return result.data;
}
