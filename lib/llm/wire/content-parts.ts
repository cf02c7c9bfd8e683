import { InvalidRequestError } from "./errors";
import type { ChatContentPart } from "./openai-types";

// Reading OpenAI message content, shared by the request translators.

export type ImageRef = { kind: "inline"; mediaType: string; data: string } | { kind: "url"; url: string };

/** The text of string content or of its text (and refusal) parts, joined. */
export function textOf(content: string | ChatContentPart[] | null | undefined): string {
  if (content == null) return "";
  if (typeof content === "string") return content;
  let out = "";
  for (const part of content) {
    if (part.type === "text") out += part.text;
    else if (part.type === "refusal") out += part.refusal;
  }
  return out;
}

/** An `image_url` as inline base64 (data URL) or a remote http(s) URL; anything else is refused. */
export function imageRef(url: string, param: string): ImageRef {
  if (url.startsWith("data:")) {
    const comma = url.indexOf(",");
    const meta = comma === -1 ? "" : url.slice(5, comma);
    if (!meta.endsWith(";base64")) throw new InvalidRequestError("Image data URLs must be base64-encoded", param);
    return { kind: "inline", mediaType: meta.slice(0, -";base64".length) || "application/octet-stream", data: url.slice(comma + 1) };
  }
  if (url.startsWith("https://") || url.startsWith("http://")) return { kind: "url", url };
  throw new InvalidRequestError("Image URLs must be https:// or base64 data: URLs", param);
}

/** A part the vendor cannot take (audio, files). */
export function unsupportedPart(type: string, param: string): InvalidRequestError {
  return new InvalidRequestError(`Content parts of type "${type}" are not supported for this model`, param);
}

/** Tool call arguments as an object, as Anthropic and Gemini want them. */
export function parseArguments(args: string, param: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(args);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new InvalidRequestError("Tool call arguments must be a JSON object", param);
}
