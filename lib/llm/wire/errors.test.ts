import { describe, expect, it } from "vitest";
import { anthropicErrorStatus, errorFrame, InvalidRequestError, mapUpstreamError, openAiError, vendorMessage } from "./errors";

const openai = (message: string, type: string, code: string | null = null, param: string | null = null) => JSON.stringify({ error: { message, type, param, code } });
const anthropic = (type: string, message: string) => JSON.stringify({ type: "error", error: { type, message } });
const google = (code: number, status: string, message: string, details: unknown[] = []) => JSON.stringify({ error: { code, message, status, details } });

describe("openAiError", () => {
  it("builds the OpenAI body with a type that follows the status", () => {
    expect(openAiError(402, "budget_exceeded", "The agent's budget is spent")).toEqual({
      status: 402,
      body: { error: { message: "The agent's budget is spent", type: "insufficient_quota", param: null, code: "budget_exceeded" } },
    });
    expect(openAiError(401, "invalid_api_key", "Bad key").body.error.type).toBe("authentication_error");
    expect(openAiError(429, "rate_limit_exceeded", "Slow down").body.error.type).toBe("rate_limit_error");
    expect(openAiError(404, "model_not_found", "No such model", undefined, "model").body.error).toMatchObject({ type: "invalid_request_error", param: "model" });
    expect(openAiError(503, "overloaded", "Busy", "custom").body.error.type).toBe("custom");
  });

  it("frames an error for a stream and turns InvalidRequestError into a 400", () => {
    expect(errorFrame(openAiError(500, "x", "y").body)).toBe('data: {"error":{"message":"y","type":"server_error","param":null,"code":"x"}}\n\n');
    expect(new InvalidRequestError("n > 1 is not supported", "n").toResponse()).toEqual(openAiError(400, "invalid_request_error", "n > 1 is not supported", "invalid_request_error", "n"));
  });
});

describe("mapUpstreamError", () => {
  it("reports a vendor 401 as our 502 and never repeats the vendor's message (it echoes the key)", () => {
    const body = openai("Incorrect API key provided: sk-proj-abcdefgh1234. You can find your API key at …", "invalid_request_error", "invalid_api_key");
    const res = mapUpstreamError({ status: 401, body });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: "upstream_auth_failed", type: "server_error" });
    expect(JSON.stringify(res)).not.toContain("sk-proj");
    expect(mapUpstreamError({ status: 401, body: anthropic("authentication_error", "invalid x-api-key") }).body.error.code).toBe("upstream_auth_failed");
    const googleBadKey = google(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [{ reason: "API_KEY_INVALID" }]);
    expect(mapUpstreamError({ status: 400, body: googleBadKey })).toMatchObject({ status: 502, body: { error: { code: "upstream_auth_failed" } } });
  });

  it("passes a bad request's message, code and param", () => {
    const res = mapUpstreamError({ status: 400, body: openai("Unsupported value: 'temperature'", "invalid_request_error", "unsupported_value", "temperature") });
    expect(res).toEqual(openAiError(400, "unsupported_value", "Unsupported value: 'temperature'", "invalid_request_error", "temperature"));
    expect(mapUpstreamError({ status: 400, body: anthropic("invalid_request_error", "temperature: range: 0..1") }).body.error).toMatchObject({ code: "invalid_request_error", message: "temperature: range: 0..1" });
  });

  it("recognises a prompt too long for the context window from any vendor", () => {
    for (const body of [
      openai("This model's maximum context length is 128000 tokens.", "invalid_request_error", "context_length_exceeded", "messages"),
      anthropic("invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"),
      google(400, "INVALID_ARGUMENT", "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
    ]) {
      expect(mapUpstreamError({ status: 400, body }).body.error).toMatchObject({ code: "context_length_exceeded", param: "messages" });
    }
  });

  it("passes Retry-After on 429, or Gemini's retryDelay when there is no header", () => {
    const res = mapUpstreamError({ status: 429, body: openai("Rate limit reached", "requests", "rate_limit_exceeded"), retryAfter: "7" });
    expect(res).toMatchObject({ status: 429, retryAfter: "7", body: { error: { code: "rate_limit_exceeded", type: "rate_limit_error", message: "Rate limit reached" } } });
    const g = mapUpstreamError({ status: 429, body: google(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted", [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12.5s" }]) });
    expect(g.retryAfter).toBe("13");
    expect(mapUpstreamError({ status: 429, body: "" }).retryAfter).toBeUndefined();
  });

  it("treats the platform's exhausted quota as our failure, not a rate limit", () => {
    expect(mapUpstreamError({ status: 429, body: openai("You exceeded your current quota", "insufficient_quota", "insufficient_quota") })).toMatchObject({ status: 502, body: { error: { code: "upstream_quota_exceeded" } } });
  });

  it("maps 403, 404, 413, timeouts and 5xx", () => {
    expect(mapUpstreamError({ status: 403, body: anthropic("permission_error", "Not allowed") })).toMatchObject({ status: 403, body: { error: { code: "upstream_permission_denied", message: "Not allowed" } } });
    expect(mapUpstreamError({ status: 404, body: google(404, "NOT_FOUND", "models/gemini-9 is not found") })).toMatchObject({ status: 404, body: { error: { code: "model_not_found", param: "model" } } });
    expect(mapUpstreamError({ status: 413, body: anthropic("request_too_large", "Request exceeds the maximum size") })).toMatchObject({ status: 413, body: { error: { code: "request_too_large" } } });
    expect(mapUpstreamError({ status: 408, body: "" })).toMatchObject({ status: 504, body: { error: { code: "upstream_timeout" } } });
    expect(mapUpstreamError({ status: 529, body: anthropic("overloaded_error", "Overloaded") })).toMatchObject({ status: 502, body: { error: { code: "upstream_error", message: "The model vendor failed (HTTP 529): Overloaded" } } });
    expect(mapUpstreamError({ status: 500, body: "<html>oops</html>" }).body.error.message).toBe("The model vendor failed (HTTP 500)");
  });

  it("never copies more than the trimmed message, with keys removed", () => {
    const long = `Bad input ${"x".repeat(2000)} key sk-ant-api03-secretsecret AIzaSyA-0123456789abcdef`;
    const res = mapUpstreamError({ status: 400, body: JSON.stringify({ error: { message: long, type: "invalid_request_error", internal: "do not leak" } }) });
    expect(res.body.error.message.length).toBeLessThanOrEqual(500);
    expect(JSON.stringify(res)).not.toContain("do not leak");
    expect(vendorMessage(`see sk-ant-api03-secretsecret and AIzaSyA-0123456789abcdef and Bearer abc.def`)).toBe("see [redacted] and [redacted] and [redacted]");
    expect(vendorMessage("the key is plain-key-123", "plain-key-123")).toBe("the key is [redacted]");
  });

  it("gives the status an Anthropic stream error type stands for", () => {
    expect(anthropicErrorStatus("overloaded_error")).toBe(529);
    expect(anthropicErrorStatus("rate_limit_error")).toBe(429);
    expect(anthropicErrorStatus("something_new")).toBe(500);
    expect(anthropicErrorStatus(undefined)).toBe(500);
  });
});
