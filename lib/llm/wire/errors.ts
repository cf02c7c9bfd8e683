import type { OpenAIErrorBody } from "./openai-types";

// Errors in OpenAI's shape, for the gateway's own refusals and for vendor errors. A vendor's
// body never reaches the client: only its message text, key-shaped strings removed and cut to
// 500 characters, and only where the message is about the client's request. The upstream key
// is the platform's, so a vendor's 401 is our failure (502), not the client's.

export type OpenAIErrorResponse = { status: number; body: OpenAIErrorBody; /** Retry-After to send, as received. */ retryAfter?: string };

const DEFAULT_TYPE: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "insufficient_quota",
  403: "permission_error",
  404: "invalid_request_error",
  409: "invalid_request_error",
  413: "invalid_request_error",
  422: "invalid_request_error",
  429: "rate_limit_error",
};

/** An OpenAI error body: `openAiError(402, "budget_exceeded", "The agent's budget is spent")`. */
export function openAiError(status: number, code: string, message: string, type?: string, param: string | null = null): OpenAIErrorResponse {
  return { status, body: { error: { message, type: type ?? DEFAULT_TYPE[status] ?? (status >= 500 ? "server_error" : "invalid_request_error"), param, code } } };
}

/** A mid-stream error as an SSE frame; the OpenAI SDKs throw an APIError on a frame holding `error`. */
export function errorFrame(body: OpenAIErrorBody): string {
  return `data: ${JSON.stringify(body)}\n\n`;
}

/** A request the translators cannot express for the vendor (audio parts, n > 1 on Anthropic, …). */
export class InvalidRequestError extends Error {
  readonly param: string | null;
  constructor(message: string, param: string | null = null) {
    super(message);
    this.name = "InvalidRequestError";
    this.param = param;
  }
  toResponse(): OpenAIErrorResponse {
    return openAiError(400, "invalid_request_error", this.message, "invalid_request_error", this.param);
  }
}

const CONTEXT_TOO_LONG = /context_length_exceeded|prompt is too long|maximum context length|input token count.*exceeds|exceeds the maximum number of tokens|too many tokens/i;
const BAD_KEY = /API_KEY_INVALID|API key not valid|API key expired|authentication_error|invalid_api_key|invalid x-api-key/i;
const KEY_SHAPED = /\b(?:sk-[A-Za-z0-9_\-*]{6,}|AIza[A-Za-z0-9_\-*]{10,}|Bearer\s+\S+)/g;
const MAX_MESSAGE = 500;

type Parsed = { message: string; code: string | null; param: string | null; retryDelay: string | undefined };

/** The few fields read from an OpenAI `{error:{message,code,param}}`, Anthropic `{error:{type,message}}` or Google `{error:{code,message,status}}` body. */
function parseVendorBody(body: string): Parsed {
  const out: Parsed = { message: "", code: null, param: null, retryDelay: /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body)?.[1] };
  try {
    const parsed = JSON.parse(body) as { error?: unknown; message?: unknown };
    const e = parsed.error;
    const err = (typeof e === "object" && e !== null ? e : {}) as { message?: unknown; code?: unknown; param?: unknown };
    const message = typeof e === "string" ? e : (err.message ?? parsed.message);
    if (typeof message === "string") out.message = message;
    if (typeof err.code === "string" && err.code.length <= 64) out.code = err.code;
    if (typeof err.param === "string" && err.param.length <= 128) out.param = err.param;
  } catch {
    // Not JSON (an HTML error page from a proxy): nothing of it is passed on.
  }
  return out;
}

/** Key-shaped strings removed, bounded to 500 characters. */
export function vendorMessage(text: string, secret?: string | null): string {
  let out = secret ? text.split(secret).join("[redacted]") : text;
  out = out.replace(KEY_SHAPED, "[redacted]").trim();
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE - 1)}…` : out;
}

/**
 * A vendor's error answer (any of OpenAI, Anthropic, Google, or an OpenAI-compatible server)
 * as the error the client gets. `secret` is the upstream key, removed from any message kept.
 */
export function mapUpstreamError(input: { status: number; body: string; retryAfter?: string | null; secret?: string | null }): OpenAIErrorResponse {
  const { status, body } = input;
  const v = parseVendorBody(body);
  const message = vendorMessage(v.message, input.secret);
  const said = (fallback: string) => (message ? message : fallback);
  if (status === 401 || ((status === 400 || status === 403) && BAD_KEY.test(body))) {
    return openAiError(502, "upstream_auth_failed", "The model vendor rejected the platform's credentials for this model", "server_error");
  }
  if (status === 429) {
    if (v.code === "insufficient_quota") return openAiError(502, "upstream_quota_exceeded", "The platform's quota with the model vendor is exhausted", "server_error");
    const retryAfter = input.retryAfter?.trim() || (v.retryDelay ? String(Math.ceil(Number(v.retryDelay))) : undefined);
    const res = openAiError(429, "rate_limit_exceeded", said("The model vendor is rate limiting requests"), "rate_limit_error");
    return retryAfter ? { ...res, retryAfter } : res;
  }
  if (status === 413) return openAiError(413, "request_too_large", said("The request is too large for the model vendor"));
  if (status === 400 && CONTEXT_TOO_LONG.test(body)) return openAiError(400, "context_length_exceeded", said("The prompt does not fit in the model's context window"), "invalid_request_error", v.param ?? "messages");
  if (status === 403) return openAiError(403, "upstream_permission_denied", said("The model vendor refused access to this model"), "permission_error");
  if (status === 404) return openAiError(404, "model_not_found", said("The model vendor does not know this model"), "invalid_request_error", "model");
  if (status === 408 || status === 504) return openAiError(504, "upstream_timeout", "The model vendor timed out", "server_error");
  if (status >= 500) return openAiError(502, "upstream_error", message ? `The model vendor failed (HTTP ${status}): ${message}` : `The model vendor failed (HTTP ${status})`, "server_error");
  if (status === 402) return openAiError(502, "upstream_quota_exceeded", "The platform's account with the model vendor cannot pay for this request", "server_error");
  if (status >= 400) return openAiError(400, v.code ?? "invalid_request_error", said(`The model vendor refused the request (HTTP ${status})`), "invalid_request_error", v.param);
  return openAiError(502, "upstream_error", `The model vendor answered HTTP ${status} unexpectedly`, "server_error");
}

// Anthropic names errors inside streams by type, without a status.
const ANTHROPIC_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

/** The status an Anthropic error type stands for (an `error` event carries no status). */
export function anthropicErrorStatus(type: unknown): number {
  return (typeof type === "string" && ANTHROPIC_STATUS[type]) || 500;
}
