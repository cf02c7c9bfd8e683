// The closed set of errors a model call can end with, whatever the vendor. Messages are ours:
// vendor messages can echo parts of the key (OpenAI's "Incorrect API key provided: sk-…"),
// so they reach callers only for bad requests and only after scrubbing.
export const LLM_ERROR_CODES = [
  "llm_auth_failed",
  "llm_rate_limited",
  "llm_context_too_long",
  "llm_timeout",
  "llm_aborted",
  "llm_unavailable",
  "llm_bad_request",
  "llm_invalid_output",
  "llm_not_configured",
] as const;
type LlmErrorCode = (typeof LLM_ERROR_CODES)[number];

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  /** HTTP status the vendor answered, when it answered. */
  readonly status?: number;
  /** Seconds the vendor asked to wait (429 Retry-After). */
  readonly retryAfterSeconds?: number;
  /** Whether trying again later may succeed. */
  readonly retryable: boolean;

  constructor(code: LlmErrorCode, message: string, opts: { status?: number; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "LlmError";
    this.code = code;
    this.status = opts.status;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.retryable = code === "llm_rate_limited" || code === "llm_unavailable" || code === "llm_timeout";
  }

  toJSON() {
    return { code: this.code, message: this.message, status: this.status, retryAfterSeconds: this.retryAfterSeconds };
  }
}

// Key-shaped strings (OpenAI sk-…, Anthropic sk-ant-…, Google AIza…, bearer values).
const KEY_SHAPED = /\b(?:sk-[A-Za-z0-9_\-*]{6,}|AIza[A-Za-z0-9_\-*]{10,}|Bearer\s+\S+)/g;

/** Removes the key and anything key-shaped, and bounds the length. */
export function scrub(text: string, secret?: string | null): string {
  let out = secret ? text.split(secret).join("[redacted]") : text;
  out = out.replace(KEY_SHAPED, "[redacted]");
  return out.length > 300 ? `${out.slice(0, 300)}…` : out;
}
