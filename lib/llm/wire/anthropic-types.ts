import type { ChatUsage, FinishReason } from "./openai-types";

// The slice of Anthropic's Messages API the translators write and read.

export type AnthropicTextBlock = { type: "text"; text: string };
export type AnthropicImageBlock = { type: "image"; source: { type: "base64"; media_type: string; data: string } | { type: "url"; url: string } };
export type AnthropicToolUseBlock = { type: "tool_use"; id: string; name: string; input: Record<string, unknown> };
export type AnthropicToolResultBlock = { type: "tool_result"; tool_use_id: string; content: string };
export type AnthropicBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicToolUseBlock | AnthropicToolResultBlock;

export type AnthropicMessageParam = { role: "user" | "assistant"; content: AnthropicBlock[] };
export type AnthropicToolChoice = { type: "auto" | "any" | "none"; disable_parallel_tool_use?: boolean } | { type: "tool"; name: string; disable_parallel_tool_use?: boolean };

export type AnthropicMessagesRequest = {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: string;
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  stream?: boolean;
  tools?: { name: string; description?: string; input_schema: Record<string, unknown> }[];
  tool_choice?: AnthropicToolChoice;
  metadata?: { user_id: string };
};

export type AnthropicUsage = {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
};

/** A Messages API response; blocks of other types (thinking, server tools) are skipped. */
export type AnthropicMessage = {
  id: string;
  type: "message";
  role: "assistant";
  model: string;
  content: ({ type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown } | { type: string; [key: string]: unknown })[];
  stop_reason: string | null;
  stop_sequence?: string | null;
  usage: AnthropicUsage;
};

const FINISH: Record<string, FinishReason> = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

export function anthropicFinishReason(stop: string | null | undefined): FinishReason {
  return (stop && FINISH[stop]) || "stop";
}

/**
 * OpenAI counts cached prompt tokens inside prompt_tokens; Anthropic reports cache reads and
 * writes beside input_tokens. All three are prompt tokens; cache reads are also shown as cached.
 */
export function anthropicUsage(u: Partial<AnthropicUsage>): ChatUsage {
  const cached = u.cache_read_input_tokens ?? 0;
  const prompt = (u.input_tokens ?? 0) + cached + (u.cache_creation_input_tokens ?? 0);
  const completion = u.output_tokens ?? 0;
  const usage: ChatUsage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (cached > 0) usage.prompt_tokens_details = { cached_tokens: cached };
  return usage;
}
