import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "./errors";
import { fromGoogleResponse, GoogleStreamTranslator, googlePath, toGoogleRequest, type GeminiResponse } from "./google";
import type { ChatCompletionChunk, ChatCompletionRequest } from "./openai-types";

describe("toGoogleRequest", () => {
  it("maps system, parts, tool calls, tool results and generation settings", () => {
    const req: ChatCompletionRequest = {
      model: "gemini-alias",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: [
          { type: "text", text: "Look" },
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
          { type: "image_url", image_url: { url: "https://example.com/a/cat.PNG?x=1" } },
        ] },
        { role: "assistant", content: "Checking.", tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }] },
        { role: "tool", tool_call_id: "call_1", content: "a cat" },
        { role: "user", content: "Thanks" },
      ],
      max_tokens: 100,
      temperature: 0.5,
      top_p: 0.8,
      stop: ["END"],
      seed: 3,
      response_format: { type: "json_schema", json_schema: { name: "x", schema: { type: "object" } } },
      tools: [{ type: "function", function: { name: "lookup", description: "Look up", parameters: { type: "object", properties: { q: { type: "string" } }, additionalProperties: false } } }],
      tool_choice: { type: "function", function: { name: "lookup" } },
    };
    expect(toGoogleRequest(req)).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "Look" }, { inlineData: { mimeType: "image/jpeg", data: "/9j/4AAQ" } }, { fileData: { mimeType: "image/png", fileUri: "https://example.com/a/cat.PNG?x=1" } }] },
        { role: "model", parts: [{ text: "Checking." }, { functionCall: { name: "lookup", args: { q: "cat" } } }] },
        { role: "user", parts: [{ functionResponse: { name: "lookup", response: { content: "a cat" } } }, { text: "Thanks" }] },
      ],
      generationConfig: { maxOutputTokens: 100, temperature: 0.5, topP: 0.8, stopSequences: ["END"], seed: 3, responseMimeType: "application/json", responseJsonSchema: { type: "object" } },
      tools: [{ functionDeclarations: [{ name: "lookup", description: "Look up", parametersJsonSchema: { type: "object", properties: { q: { type: "string" } }, additionalProperties: false } }] }],
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["lookup"] } },
    });
  });

  it("leaves out empty settings and maps tool_choice none/required", () => {
    const base: ChatCompletionRequest = { model: "m", messages: [{ role: "user", content: "hi" }] };
    expect(toGoogleRequest(base)).toEqual({ contents: [{ role: "user", parts: [{ text: "hi" }] }] });
    const tools: ChatCompletionRequest["tools"] = [{ type: "function", function: { name: "f" } }];
    expect(toGoogleRequest({ ...base, tools, tool_choice: "none" }).toolConfig).toEqual({ functionCallingConfig: { mode: "NONE" } });
    expect(toGoogleRequest({ ...base, tools, tool_choice: "required" }).toolConfig).toEqual({ functionCallingConfig: { mode: "ANY" } });
    expect(toGoogleRequest({ ...base, max_completion_tokens: 5, n: 2, response_format: { type: "json_object" } }).generationConfig).toEqual({ maxOutputTokens: 5, candidateCount: 2, responseMimeType: "application/json" });
  });

  it("refuses a tool result that answers no earlier tool call, and unsupported parts", () => {
    expect(() => toGoogleRequest({ model: "m", messages: [{ role: "tool", tool_call_id: "nope", content: "x" }] })).toThrow(InvalidRequestError);
    expect(() => toGoogleRequest({ model: "m", messages: [{ role: "user", content: [{ type: "file", file: { file_id: "f" } }] }] })).toThrow(/file/);
  });

  it("builds the URL path for either call", () => {
    expect(googlePath("gemini-2.5-flash", false)).toBe("/models/gemini-2.5-flash:generateContent");
    expect(googlePath("models/gemini-2.5-flash", true)).toBe("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
  });
});

describe("fromGoogleResponse", () => {
  it("gives text (without thoughts), tool calls, finish reason and usage", () => {
    const res: GeminiResponse = {
      responseId: "r1",
      candidates: [{ index: 0, finishReason: "STOP", content: { role: "model", parts: [{ text: "thinking…", thought: true }, { text: "Sure." }, { functionCall: { name: "lookup", args: { q: "x" } } }] } }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 3, cachedContentTokenCount: 4, totalTokenCount: 18 },
    };
    expect(fromGoogleResponse(res, { model: "gemini-alias", created: 9 })).toEqual({
      id: "chatcmpl-r1",
      object: "chat.completion",
      created: 9,
      model: "gemini-alias",
      choices: [{ index: 0, message: { role: "assistant", content: "Sure.", refusal: null, tool_calls: [{ id: "call_r1_0_0", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }] }, logprobs: null, finish_reason: "tool_calls" }],
      usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } },
    });
  });

  it("maps finish reasons and a blocked prompt", () => {
    const reason = (finishReason: string) => fromGoogleResponse({ candidates: [{ finishReason, content: { parts: [{ text: "x" }] } }] }, { model: "m" }).choices[0].finish_reason;
    expect(reason("STOP")).toBe("stop");
    expect(reason("MAX_TOKENS")).toBe("length");
    expect(reason("SAFETY")).toBe("content_filter");
    expect(reason("OTHER")).toBe("stop");
    expect(fromGoogleResponse({ promptFeedback: { blockReason: "SAFETY" } }, { model: "m" }).choices).toEqual([{ index: 0, message: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: "content_filter" }]);
  });
});

const enc = new TextEncoder();
const data = (o: object) => `data: ${JSON.stringify(o)}\r\n\r\n`;
const GOOGLE_STREAM = [
  data({ candidates: [{ content: { role: "model", parts: [{ text: "Hé" }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }, responseId: "r9" }),
  data({ candidates: [{ content: { role: "model", parts: [{ text: "llo ✓" }] }, index: 0 }], usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }, responseId: "r9" }),
  data({ candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "f", args: { a: 1 } } }] }, finishReason: "STOP", index: 0 }], usageMetadata: { promptTokenCount: 12, candidatesTokenCount: 6, totalTokenCount: 18 }, responseId: "r9" }),
].join("");

function chunksOf(sse: string): (ChatCompletionChunk | string)[] {
  return sse.split("\n\n").filter(Boolean).map((f) => f.replace(/^data: /, "")).map((d) => (d.startsWith("{") ? (JSON.parse(d) as ChatCompletionChunk) : d));
}

describe("GoogleStreamTranslator", () => {
  it("emits OpenAI chunks, the usage chunk when asked, then [DONE]", () => {
    const t = new GoogleStreamTranslator({ model: "gemini-alias", includeUsage: true, created: 3 });
    const out = t.push(GOOGLE_STREAM) + t.end();
    expect(t.completed).toBe(true);
    expect(t.usage).toEqual({ prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 });
    const all = chunksOf(out + t.finish());
    const chunks = all.filter((c): c is ChatCompletionChunk => typeof c === "object");
    expect(chunks.every((c) => c.id === "chatcmpl-r9" && c.model === "gemini-alias")).toBe(true);
    expect(chunks.map((c) => [c.choices[0]?.delta ?? null, c.choices[0]?.finish_reason ?? null])).toEqual([
      [{ role: "assistant", content: "" }, null],
      [{ content: "Hé" }, null],
      [{ content: "llo ✓" }, null],
      [{ tool_calls: [{ index: 0, id: "call_r9_0_0", type: "function", function: { name: "f", arguments: '{"a":1}' } }] }, null],
      [{}, "tool_calls"],
      [null, null],
    ]);
    expect(chunks[5].usage).toEqual({ prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 });
    expect(all[all.length - 1]).toBe("[DONE]");
  });

  it("is incomplete until a finishReason arrives, and maps an error object", () => {
    const t = new GoogleStreamTranslator({ includeUsage: false });
    t.push(GOOGLE_STREAM.slice(0, GOOGLE_STREAM.lastIndexOf("data: ")));
    expect(t.completed).toBe(false);
    const out = t.push(data({ error: { code: 503, message: "The model is overloaded.", status: "UNAVAILABLE" } }));
    expect(t.error?.status).toBe(502);
    expect(JSON.parse(out.slice("data: ".length))).toMatchObject({ error: { code: "upstream_error" } });
    expect(t.finish()).toBe("data: [DONE]\n\n");
  });

  it("gives the same output for any chunking", () => {
    const bytes = enc.encode(GOOGLE_STREAM);
    const whole = new GoogleStreamTranslator({ includeUsage: true, created: 1 });
    const expected = whole.push(bytes) + whole.end() + whole.finish();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), (points) => {
        const t = new GoogleStreamTranslator({ includeUsage: true, created: 1 });
        let out = "";
        let prev = 0;
        for (const p of [...[...new Set(points)].sort((a, b) => a - b), bytes.length]) {
          out += t.push(bytes.subarray(prev, p));
          prev = p;
        }
        expect(out + t.end() + t.finish()).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
