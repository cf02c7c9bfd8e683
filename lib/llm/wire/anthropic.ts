import { anthropicFinishReason, anthropicUsage, type AnthropicBlock, type AnthropicMessage, type AnthropicMessageParam, type AnthropicMessagesRequest, type AnthropicToolChoice } from "./anthropic-types";
import { nowSeconds } from "./chunk-writer";
import { imageRef, parseArguments, textOf, unsupportedPart } from "./content-parts";
import { InvalidRequestError } from "./errors";
import type { ChatCompletion, ChatCompletionRequest, ChatContentPart, ChatMessage, ChatToolCall } from "./openai-types";

// OpenAI chat completions ⇄ Anthropic Messages. Anthropic hoists system prompts out of the
// conversation, requires max_tokens, carries tool calls as content blocks and tool results
// inside the next user turn, and wants turns of the same role merged.

export { AnthropicStreamTranslator } from "./anthropic-stream";
export type { AnthropicMessage, AnthropicMessagesRequest } from "./anthropic-types";
export type { StreamTranslatorOptions } from "./chunk-writer";

/**
 * The Anthropic request for an OpenAI chat request. `model` overrides `req.model` (the gateway
 * resolves aliases); `defaultMaxTokens` applies when the client set neither max_tokens nor
 * max_completion_tokens. Throws InvalidRequestError for what Anthropic cannot express.
 */
export function toAnthropicRequest(req: ChatCompletionRequest, opts: { defaultMaxTokens: number; model?: string }): AnthropicMessagesRequest {
  if (req.n != null && req.n > 1) throw new InvalidRequestError("n > 1 is not supported for this model", "n");
  const system: string[] = [];
  const messages: AnthropicMessageParam[] = [];
  req.messages.forEach((m, i) => {
    if (m.role === "system" || m.role === "developer") {
      const text = textOf(m.content);
      if (text) system.push(text);
      return;
    }
    const blocks = toBlocks(m, `messages[${i}]`);
    if (blocks.length === 0) return;
    const role = m.role === "assistant" ? "assistant" : "user";
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  });

  const out: AnthropicMessagesRequest = { model: opts.model ?? req.model, max_tokens: req.max_completion_tokens ?? req.max_tokens ?? opts.defaultMaxTokens, messages };
  if (system.length > 0) out.system = system.join("\n\n");
  if (req.temperature != null) out.temperature = req.temperature;
  if (req.top_p != null) out.top_p = req.top_p;
  if (req.stop != null) out.stop_sequences = typeof req.stop === "string" ? [req.stop] : req.stop;
  if (req.stream) out.stream = true;
  if (req.user) out.metadata = { user_id: req.user };
  if (req.tools && req.tools.length > 0) {
    out.tools = req.tools.map((t) => ({
      name: t.function.name,
      ...(t.function.description ? { description: t.function.description } : {}),
      input_schema: t.function.parameters ?? { type: "object", properties: {} },
    }));
    const choice = toolChoice(req);
    if (choice) out.tool_choice = choice;
  }
  return out;
}

function toolChoice(req: ChatCompletionRequest): AnthropicToolChoice | undefined {
  const c = req.tool_choice;
  const serial = req.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (c === "none") return { type: "none" };
  if (c === "required") return { type: "any", ...serial };
  if (typeof c === "object") return { type: "tool", name: c.function.name, ...serial };
  return c === "auto" || req.parallel_tool_calls === false ? { type: "auto", ...serial } : undefined;
}

function toBlocks(m: Exclude<ChatMessage, { role: "system" | "developer" }>, param: string): AnthropicBlock[] {
  if (m.role === "tool") return [{ type: "tool_result", tool_use_id: m.tool_call_id, content: textOf(m.content) }];
  if (m.role === "assistant") {
    const blocks: AnthropicBlock[] = [];
    const text = textOf(m.content);
    if (text) blocks.push({ type: "text", text });
    m.tool_calls?.forEach((call: ChatToolCall, j) => {
      blocks.push({ type: "tool_use", id: call.id, name: call.function.name, input: parseArguments(call.function.arguments, `${param}.tool_calls[${j}].function.arguments`) });
    });
    return blocks;
  }
  if (typeof m.content === "string") return m.content ? [{ type: "text", text: m.content }] : [];
  return m.content.map((part: ChatContentPart, j): AnthropicBlock | null => userBlock(part, `${param}.content[${j}]`)).filter((b): b is AnthropicBlock => b !== null);
}

function userBlock(part: ChatContentPart, param: string): AnthropicBlock | null {
  if (part.type === "text") return part.text ? { type: "text", text: part.text } : null;
  if (part.type === "refusal") return part.refusal ? { type: "text", text: part.refusal } : null;
  if (part.type === "image_url") {
    const ref = imageRef(part.image_url.url, param);
    return { type: "image", source: ref.kind === "inline" ? { type: "base64", media_type: ref.mediaType, data: ref.data } : { type: "url", url: ref.url } };
  }
  throw unsupportedPart(part.type, param);
}

/** An Anthropic response as a `chat.completion`. `model` is what the client asked for. */
export function fromAnthropicResponse(msg: AnthropicMessage, opts: { model?: string; id?: string; created?: number } = {}): ChatCompletion {
  let text = "";
  const toolCalls: ChatToolCall[] = [];
  for (const block of msg.content) {
    if (block.type === "text") text += (block as { text: string }).text;
    else if (block.type === "tool_use") {
      const b = block as { id: string; name: string; input: unknown };
      toolCalls.push({ id: b.id, type: "function", function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } });
    }
  }
  return {
    id: opts.id ?? msg.id,
    object: "chat.completion",
    created: opts.created ?? nowSeconds(),
    model: opts.model ?? msg.model,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: text || (toolCalls.length > 0 ? null : ""), refusal: null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: anthropicFinishReason(msg.stop_reason),
      },
    ],
    usage: anthropicUsage(msg.usage),
  };
}
