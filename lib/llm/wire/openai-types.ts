// The slice of OpenAI's chat completions and embeddings wire format the gateway reads and
// writes. Requests come from arbitrary clients, so every optional field stays optional and
// unknown fields are allowed through (they are forwarded as-is to OpenAI-speaking upstreams).

export type ChatTextPart = { type: "text"; text: string };
export type ChatImagePart = { type: "image_url"; image_url: { url: string; detail?: "auto" | "low" | "high" } };
export type ChatRefusalPart = { type: "refusal"; refusal: string };
/** Parts the translators refuse (audio, files); typed so a request holding them still type-checks. */
export type ChatOtherPart = { type: "input_audio" | "file"; [key: string]: unknown };
export type ChatContentPart = ChatTextPart | ChatImagePart | ChatRefusalPart | ChatOtherPart;

export type ChatToolCall = { id: string; type: "function"; function: { name: string; arguments: string } };

export type ChatMessage =
  | { role: "system"; content: string | ChatTextPart[]; name?: string }
  | { role: "developer"; content: string | ChatTextPart[]; name?: string }
  | { role: "user"; content: string | ChatContentPart[]; name?: string }
  | { role: "assistant"; content?: string | (ChatTextPart | ChatRefusalPart)[] | null; tool_calls?: ChatToolCall[]; refusal?: string | null; name?: string }
  | { role: "tool"; content: string | ChatTextPart[]; tool_call_id: string };

export type ChatTool = { type: "function"; function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null } };
export type ChatToolChoice = "none" | "auto" | "required" | { type: "function"; function: { name: string } };

export type ChatResponseFormat =
  | { type: "text" }
  | { type: "json_object" }
  | { type: "json_schema"; json_schema: { name: string; schema?: Record<string, unknown>; strict?: boolean | null; description?: string } };

export type ChatCompletionRequest = {
  model: string;
  messages: ChatMessage[];
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  n?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  presence_penalty?: number | null;
  frequency_penalty?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  response_format?: ChatResponseFormat;
  user?: string;
  [extra: string]: unknown;
};

export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter";

export type ChatUsage = {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
};

export type ChatCompletion = {
  id: string;
  object: "chat.completion";
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: "assistant"; content: string | null; refusal: string | null; tool_calls?: ChatToolCall[] };
    logprobs: null;
    finish_reason: FinishReason;
  }[];
  usage: ChatUsage;
};

/** A streamed tool call fragment: the first carries id, type and name; later ones append arguments. */
export type ChatToolCallDelta = { index: number; id?: string; type?: "function"; function?: { name?: string; arguments?: string } };

export type ChatCompletionChunk = {
  id: string;
  object: "chat.completion.chunk";
  created: number;
  model: string;
  choices: {
    index: number;
    delta: { role?: "assistant"; content?: string | null; tool_calls?: ChatToolCallDelta[]; refusal?: string | null };
    logprobs?: null;
    finish_reason: FinishReason | null;
  }[];
  usage?: ChatUsage | null;
};

export type EmbeddingRequest = {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: "float" | "base64";
  dimensions?: number;
  user?: string;
};

export type EmbeddingResponse = {
  object: "list";
  data: { object: "embedding"; index: number; embedding: number[] | string }[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

export type OpenAIErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };
