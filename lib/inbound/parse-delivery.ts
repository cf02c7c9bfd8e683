import { ApiError } from "@/lib/core/errors";
import { refuseDeepJson } from "@/lib/core/json-depth";

const invalidJson = (message: string) => new ApiError("invalid_request", "The body must be a JSON object", { details: [{ path: "(body)", message }] });

/**
 * The verified bytes as the run input: UTF-8 JSON, an object (an empty body is `{}`). Parsed
 * only after the signature matched, so unauthenticated input never reaches the parser.
 */
export function parseDeliveryJson(body: Uint8Array): Record<string, unknown> {
  if (body.byteLength === 0) return {};
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw invalidJson("Not UTF-8");
  }
  refuseDeepJson(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson("Malformed JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalidJson("Expected a JSON object");
  return value as Record<string, unknown>;
}
