import { nowSeconds } from "./chunk-writer";
import { imageRef, parseArguments, textOf, unsupportedPart } from "./content-parts";
import { InvalidRequestError } from "./errors";
import { googleFinishReason, googleUsage, type GeminiContent, type GeminiGenerationConfig, type GeminiPart, type GeminiRequest, type GeminiResponse } from "./google-types";
import type { ChatCompletion, ChatCompletionRequest, ChatContentPart, ChatToolCall } from "./openai-types";

// OpenAI chat completions ⇄ Gemini generateContent. The model and streaming live in the URL;
// system prompts go to systemInstruction; assistant turns are "model" turns; a tool result is a
// functionResponse that names the function, found from the tool call it answers.

export { GoogleStreamTranslator } from "./google-stream";
export type { GeminiRequest, GeminiResponse } from "./google-types";
export type { StreamTranslatorOptions } from "./chunk-writer";

/** The path under the vendor base URL (…/v1beta): `/models/{model}:generateContent` or `:streamGenerateContent?alt=sse`. */
export function googlePath(model: string, stream: boolean): string {
  const name = encodeURIComponent(model.startsWith("models/") ? model.slice("models/".length) : model);
  return stream ? `/models/${name}:streamGenerateContent?alt=sse` : `/models/${name}:generateContent`;
}

/** The Gemini request body for an OpenAI chat request. Throws InvalidRequestError for what Gemini cannot express. */
export function toGoogleRequest(req: ChatCompletionRequest): GeminiRequest {
  const system: string[] = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();
  req.messages.forEach((m, i) => {
    const param = `messages[${i}]`;
    let role: "user" | "model" = "user";
    const parts: GeminiPart[] = [];
    if (m.role === "system" || m.role === "developer") {
      const text = textOf(m.content);
      if (text) system.push(text);
      return;
    } else if (m.role === "tool") {
      const name = toolNames.get(m.tool_call_id);
      if (!name) throw new InvalidRequestError("A tool message must answer a tool call of an earlier assistant message", `${param}.tool_call_id`);
      parts.push({ functionResponse: { name, response: { content: textOf(m.content) } } });
    } else if (m.role === "assistant") {
      role = "model";
      const text = textOf(m.content);
      if (text) parts.push({ text });
      m.tool_calls?.forEach((call, j) => {
        toolNames.set(call.id, call.function.name);
        parts.push({ functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, `${param}.tool_calls[${j}].function.arguments`) } });
      });
    } else if (typeof m.content === "string") {
      if (m.content) parts.push({ text: m.content });
    } else {
      m.content.forEach((part, j) => {
        const p = userPart(part, `${param}.content[${j}]`);
        if (p) parts.push(p);
      });
    }
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  });

  const out: GeminiRequest = { contents };
  if (system.length > 0) out.systemInstruction = { parts: [{ text: system.join("\n\n") }] };
  const config = generationConfig(req);
  if (Object.keys(config).length > 0) out.generationConfig = config;
  if (req.tools && req.tools.length > 0) {
    out.tools = [
      {
        functionDeclarations: req.tools.map((t) => ({
          name: t.function.name,
          ...(t.function.description ? { description: t.function.description } : {}),
          ...(t.function.parameters ? { parametersJsonSchema: t.function.parameters } : {}),
        })),
      },
    ];
    const c = req.tool_choice;
    if (c === "none") out.toolConfig = { functionCallingConfig: { mode: "NONE" } };
    else if (c === "required") out.toolConfig = { functionCallingConfig: { mode: "ANY" } };
    else if (typeof c === "object") out.toolConfig = { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [c.function.name] } };
  }
  return out;
}

function generationConfig(req: ChatCompletionRequest): GeminiGenerationConfig {
  const g: GeminiGenerationConfig = {};
  const max = req.max_completion_tokens ?? req.max_tokens;
  if (max != null) g.maxOutputTokens = max;
  if (req.temperature != null) g.temperature = req.temperature;
  if (req.top_p != null) g.topP = req.top_p;
  if (req.stop != null) g.stopSequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  if (req.n != null && req.n !== 1) g.candidateCount = req.n;
  if (req.seed != null) g.seed = req.seed;
  if (req.presence_penalty != null) g.presencePenalty = req.presence_penalty;
  if (req.frequency_penalty != null) g.frequencyPenalty = req.frequency_penalty;
  const rf = req.response_format;
  if (rf?.type === "json_object") g.responseMimeType = "application/json";
  if (rf?.type === "json_schema") {
    g.responseMimeType = "application/json";
    if (rf.json_schema.schema) g.responseJsonSchema = rf.json_schema.schema;
  }
  return g;
}

const IMAGE_TYPES: Record<string, string> = { png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", webp: "image/webp", gif: "image/gif", heic: "image/heic", heif: "image/heif" };

function userPart(part: ChatContentPart, param: string): GeminiPart | null {
  if (part.type === "text") return part.text ? { text: part.text } : null;
  if (part.type === "refusal") return part.refusal ? { text: part.refusal } : null;
  if (part.type === "image_url") {
    const ref = imageRef(part.image_url.url, param);
    if (ref.kind === "inline") return { inlineData: { mimeType: ref.mediaType, data: ref.data } };
    const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(new URL(ref.url).pathname)?.[1]?.toLowerCase() ?? "";
    return { fileData: { mimeType: IMAGE_TYPES[ext] ?? "image/jpeg", fileUri: ref.url } };
  }
  throw unsupportedPart(part.type, param);
}

/** A Gemini response as a `chat.completion`; `model` is what the client asked for. */
export function fromGoogleResponse(res: GeminiResponse, opts: { model: string; id?: string; created?: number }): ChatCompletion {
  const id = opts.id ?? (res.responseId ? `chatcmpl-${res.responseId}` : "chatcmpl-google");
  const callBase = res.responseId ?? opts.id ?? "gemini";
  const candidates = res.candidates ?? [];
  const choices: ChatCompletion["choices"] = candidates.map((c, i) => {
    const index = c.index ?? i;
    let text = "";
    const toolCalls: ChatToolCall[] = [];
    for (const p of c.content?.parts ?? []) {
      if (typeof p.text === "string" && !p.thought) text += p.text;
      else if (p.functionCall) toolCalls.push({ id: p.functionCall.id ?? `call_${callBase}_${index}_${toolCalls.length}`, type: "function", function: { name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) } });
    }
    return {
      index,
      message: { role: "assistant", content: text || (toolCalls.length > 0 ? null : ""), refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
      logprobs: null,
      finish_reason: googleFinishReason(c.finishReason, toolCalls.length > 0),
    };
  });
  // A prompt blocked by safety settings comes back without candidates.
  if (choices.length === 0) choices.push({ index: 0, message: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: "content_filter" });
  return { id, object: "chat.completion", created: opts.created ?? nowSeconds(), model: opts.model, choices, usage: googleUsage(res.usageMetadata) };
}
