import { APICallError, NoObjectGeneratedError, RetryError, StreamProviderError, TypeValidationError, JSONParseError } from "ai";
import { LlmError, scrub } from "./errors";

const CONTEXT_TOO_LONG = /context_length_exceeded|prompt is too long|maximum context length|input token count.*exceeds|exceeds the maximum number of tokens|too many tokens/i;
const GOOGLE_BAD_KEY = /API_KEY_INVALID|API key not valid|API key expired/i;

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const hit = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return hit?.[1];
}

/** Retry-After in seconds (delta-seconds or HTTP date), else Gemini's RetryInfo "30s" in the body. */
function retryAfter(headers: Record<string, string> | undefined, body: string): number | undefined {
  const raw = header(headers, "retry-after");
  if (raw) {
    if (/^\d+(\.\d+)?$/.test(raw.trim())) return Math.ceil(Number(raw));
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
  const delay = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(body);
  return delay ? Math.ceil(Number(delay[1])) : undefined;
}

function vendorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof parsed.error === "object" ? parsed.error?.message : (parsed.error ?? parsed.message);
    return typeof m === "string" ? m : "";
  } catch {
    return "";
  }
}

function fromStatus(status: number | undefined, body: string, headers: Record<string, string> | undefined, key: string | null): LlmError {
  if (status === undefined) return new LlmError("llm_unavailable", "Could not reach the model vendor");
  if (CONTEXT_TOO_LONG.test(body) || status === 413) return new LlmError("llm_context_too_long", "The prompt does not fit in the model's context window", { status });
  if (status === 401 || status === 403 || GOOGLE_BAD_KEY.test(body)) return new LlmError("llm_auth_failed", "The model vendor rejected the API key", { status });
  if (status === 429) {
    const seconds = retryAfter(headers, body);
    return new LlmError("llm_rate_limited", `The model vendor is rate limiting this key${seconds !== undefined ? `; retry after ${seconds}s` : ""}`, { status, retryAfterSeconds: seconds });
  }
  if (status === 408) return new LlmError("llm_timeout", "The model vendor timed out", { status });
  if (status >= 500) return new LlmError("llm_unavailable", `The model vendor is unavailable (HTTP ${status})`, { status });
  const detail = scrub(vendorMessage(body), key);
  return new LlmError("llm_bad_request", `The model vendor refused the request (HTTP ${status})${detail ? `: ${detail}` : ""}`, { status });
}

/**
 * Turns whatever the AI SDK threw into an LlmError. `why` says whether our own timer or the
 * caller's signal ended the call, which the SDK's abort errors cannot tell apart.
 */
export function mapLlmError(err: unknown, why: { timedOut: boolean; aborted: boolean; timeoutMs: number }, key: string | null): LlmError {
  if (why.timedOut) return new LlmError("llm_timeout", `The model did not answer within ${why.timeoutMs} ms`);
  if (why.aborted) return new LlmError("llm_aborted", "The call was aborted");
  if (err instanceof LlmError) return err;
  if (RetryError.isInstance(err)) return mapLlmError(err.lastError, why, key);
  if (NoObjectGeneratedError.isInstance(err) || TypeValidationError.isInstance(err) || JSONParseError.isInstance(err)) {
    return new LlmError("llm_invalid_output", "The model's output does not match the JSON schema");
  }
  if (APICallError.isInstance(err)) return fromStatus(err.statusCode, err.responseBody ?? "", err.responseHeaders, key);
  if (StreamProviderError.isInstance(err)) {
    const body = JSON.stringify(err.data ?? {}) + " " + (err.type ?? "") + " " + (err.code ?? "") + " " + err.message;
    const status = err.statusCode ?? (/overloaded|api_error/i.test(body) ? 503 : /rate_limit/i.test(body) ? 429 : undefined);
    return status === undefined ? new LlmError("llm_unavailable", "The model vendor ended the stream with an error") : fromStatus(status, body, undefined, key);
  }
  return new LlmError("llm_unavailable", "The model call failed");
}
