import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { scrub } from "./errors";
import { mapLlmError } from "./map-error";

const none = { timedOut: false, aborted: false, timeoutMs: 1000 };
const apiError = (statusCode: number | undefined, responseBody: string, responseHeaders?: Record<string, string>) =>
  new APICallError({ message: "x", url: "http://x", requestBodyValues: {}, statusCode, responseBody, responseHeaders });

describe("mapLlmError", () => {
  it("maps statuses and vendor bodies to codes", () => {
    expect(mapLlmError(apiError(403, "{}"), none, null).code).toBe("llm_auth_failed");
    expect(mapLlmError(apiError(429, "{}", { "Retry-After": "12" }), none, null)).toMatchObject({ code: "llm_rate_limited", retryAfterSeconds: 12 });
    expect(mapLlmError(apiError(429, "{}", { "retry-after": new Date(Date.now() + 30_000).toUTCString() }), none, null).retryAfterSeconds).toBeGreaterThanOrEqual(29);
    expect(mapLlmError(apiError(413, "{}"), none, null).code).toBe("llm_context_too_long");
    expect(mapLlmError(apiError(529, '{"type":"error","error":{"type":"overloaded_error"}}'), none, null).code).toBe("llm_unavailable");
    expect(mapLlmError(apiError(undefined, ""), none, null).code).toBe("llm_unavailable");
    expect(mapLlmError(new Error("boom"), { ...none, timedOut: true }, null).code).toBe("llm_timeout");
    expect(mapLlmError(new Error("boom"), { ...none, aborted: true }, null).code).toBe("llm_aborted");
  });

  it("a bad request carries the vendor's message, scrubbed of the key and key-shaped strings", () => {
    const key = "custom-key-abcdef123456";
    const err = mapLlmError(apiError(400, JSON.stringify({ error: { message: `temperature invalid for ${key} and sk-proj-abcdefghijkl` } })), none, key);
    expect(err.code).toBe("llm_bad_request");
    expect(err.message).toContain("temperature invalid");
    expect(err.message).not.toContain(key);
    expect(err.message).not.toContain("sk-proj-abcdefghijkl");
    expect(scrub("x".repeat(400)).length).toBeLessThanOrEqual(301);
  });
});
