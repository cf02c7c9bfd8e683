import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AnthropicStreamTranslator, fromAnthropicResponse, toAnthropicRequest, type AnthropicMessage } from "./anthropic";
import { InvalidRequestError } from "./errors";
import type { ChatCompletionChunk, ChatCompletionRequest } from "./openai-types";

describe("toAnthropicRequest", () => {
  it("hoists system messages, maps parts, tool calls and tool results, and merges same-role turns", () => {
    const req: ChatCompletionRequest = {
      model: "claude-alias",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: [{ type: "text", text: "Answer in French." }] },
        { role: "user", content: [
          { type: "text", text: "What is in this image?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg", detail: "low" } },
        ] },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"cat"}' } }, { id: "call_2", type: "function", function: { name: "now", arguments: "" } }] },
        { role: "tool", tool_call_id: "call_1", content: "a cat" },
        { role: "tool", tool_call_id: "call_2", content: [{ type: "text", text: "noon" }] },
        { role: "user", content: "Thanks" },
        { role: "assistant", content: "De rien." },
      ],
      max_completion_tokens: 300,
      max_tokens: 999,
      temperature: 0.2,
      top_p: 0.9,
      stop: "END",
      stream: true,
      user: "end-user-1",
    };
    expect(toAnthropicRequest(req, { defaultMaxTokens: 4096, model: "claude-sonnet-4-5" })).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 300,
      system: "Be brief.\n\nAnswer in French.",
      messages: [
        { role: "user", content: [
          { type: "text", text: "What is in this image?" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: "iVBORw0KGgo=" } },
          { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
        ] },
        { role: "assistant", content: [
          { type: "tool_use", id: "call_1", name: "lookup", input: { q: "cat" } },
          { type: "tool_use", id: "call_2", name: "now", input: {} },
        ] },
        { role: "user", content: [
          { type: "tool_result", tool_use_id: "call_1", content: "a cat" },
          { type: "tool_result", tool_use_id: "call_2", content: "noon" },
          { type: "text", text: "Thanks" },
        ] },
        { role: "assistant", content: [{ type: "text", text: "De rien." }] },
      ],
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ["END"],
      stream: true,
      metadata: { user_id: "end-user-1" },
    });
  });

  it("takes the default max_tokens, and max_tokens when max_completion_tokens is absent", () => {
    const base: ChatCompletionRequest = { model: "m", messages: [{ role: "user", content: "hi" }] };
    expect(toAnthropicRequest(base, { defaultMaxTokens: 4096 })).toEqual({ model: "m", max_tokens: 4096, messages: [{ role: "user", content: [{ type: "text", text: "hi" }] }] });
    expect(toAnthropicRequest({ ...base, max_tokens: 50, stop: ["a", "b"] }, { defaultMaxTokens: 4096 })).toMatchObject({ max_tokens: 50, stop_sequences: ["a", "b"] });
  });

  it("maps tools and each tool_choice", () => {
    const tools: ChatCompletionRequest["tools"] = [
      { type: "function", function: { name: "get_weather", description: "Weather by city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } },
      { type: "function", function: { name: "ping" } },
    ];
    const base: ChatCompletionRequest = { model: "m", messages: [{ role: "user", content: "hi" }], tools };
    const out = toAnthropicRequest(base, { defaultMaxTokens: 10 });
    expect(out.tools).toEqual([
      { name: "get_weather", description: "Weather by city", input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } },
      { name: "ping", input_schema: { type: "object", properties: {} } },
    ]);
    expect(out.tool_choice).toBeUndefined();
    const choice = (extra: Partial<ChatCompletionRequest>) => toAnthropicRequest({ ...base, ...extra }, { defaultMaxTokens: 10 }).tool_choice;
    expect(choice({ tool_choice: "auto" })).toEqual({ type: "auto" });
    expect(choice({ tool_choice: "none" })).toEqual({ type: "none" });
    expect(choice({ tool_choice: "required" })).toEqual({ type: "any" });
    expect(choice({ tool_choice: { type: "function", function: { name: "ping" } }, parallel_tool_calls: false })).toEqual({ type: "tool", name: "ping", disable_parallel_tool_use: true });
    expect(choice({ parallel_tool_calls: false })).toEqual({ type: "auto", disable_parallel_tool_use: true });
  });

  it("refuses what Anthropic cannot express, naming the parameter", () => {
    const bad = (req: Partial<ChatCompletionRequest>) => () => toAnthropicRequest({ model: "m", messages: [], ...req }, { defaultMaxTokens: 10 });
    expect(bad({ n: 2 })).toThrow(InvalidRequestError);
    expect(bad({ messages: [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "", format: "wav" } }] }] })).toThrow(/input_audio/);
    expect(bad({ messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://x/y.png" } }] }] })).toThrow(InvalidRequestError);
    const thrown = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e;
      }
    };
    const err = thrown(bad({ messages: [{ role: "assistant", tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "[1]" } }] }] }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).toResponse().body.error.param).toBe("messages[0].tool_calls[0].function.arguments");
  });
});

describe("fromAnthropicResponse", () => {
  const msg: AnthropicMessage = {
    id: "msg_01",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-4-5-20250929",
    content: [
      { type: "thinking", thinking: "hmm", signature: "s" },
      { type: "text", text: "Let me check." },
      { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } },
    ],
    stop_reason: "tool_use",
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 20, cache_read_input_tokens: 50, cache_creation_input_tokens: 10 },
  };

  it("gives text, tool calls, finish reason and usage in OpenAI's shape", () => {
    expect(fromAnthropicResponse(msg, { model: "claude-alias", created: 1700000000 })).toEqual({
      id: "msg_01",
      object: "chat.completion",
      created: 1700000000,
      model: "claude-alias",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Let me check.", refusal: null, tool_calls: [{ id: "toolu_1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } }] },
          logprobs: null,
          finish_reason: "tool_calls",
        },
      ],
      usage: { prompt_tokens: 160, completion_tokens: 20, total_tokens: 180, prompt_tokens_details: { cached_tokens: 50 } },
    });
  });

  it("maps each stop reason", () => {
    const reason = (stop_reason: string | null) => fromAnthropicResponse({ ...msg, content: [{ type: "text", text: "x" }], stop_reason }).choices[0].finish_reason;
    expect(reason("end_turn")).toBe("stop");
    expect(reason("stop_sequence")).toBe("stop");
    expect(reason("max_tokens")).toBe("length");
    expect(reason("tool_use")).toBe("tool_calls");
    expect(reason("refusal")).toBe("content_filter");
    expect(reason(null)).toBe("stop");
    expect(fromAnthropicResponse({ ...msg, content: [{ type: "tool_use", id: "t", name: "f", input: {} }] }).choices[0].message.content).toBeNull();
  });
});

const enc = new TextEncoder();
const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
const ANTHROPIC_STREAM = [
  ev("message_start", { message: { id: "msg_1", type: "message", role: "assistant", model: "claude-x", content: [], stop_reason: null, usage: { input_tokens: 25, output_tokens: 1, cache_read_input_tokens: 5 } } }),
  ev("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  ev("ping", {}),
  ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: "Héllo" } }),
  ev("content_block_delta", { index: 0, delta: { type: "text_delta", text: " wörld ✓" } }),
  ev("content_block_stop", { index: 0 }),
  ev("content_block_start", { index: 1, content_block: { type: "thinking", thinking: "" } }),
  ev("content_block_delta", { index: 1, delta: { type: "thinking_delta", thinking: "secret" } }),
  ev("content_block_stop", { index: 1 }),
  ev("content_block_start", { index: 2, content_block: { type: "tool_use", id: "toolu_9", name: "get_weather", input: {} } }),
  ev("content_block_delta", { index: 2, delta: { type: "input_json_delta", partial_json: "" } }),
  ev("content_block_delta", { index: 2, delta: { type: "input_json_delta", partial_json: '{"city":' } }),
  ev("content_block_delta", { index: 2, delta: { type: "input_json_delta", partial_json: '"Paris"}' } }),
  ev("content_block_stop", { index: 2 }),
  ev("message_delta", { delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 42 } }),
  ev("message_stop", {}),
].join("");

function frames(sse: string): (ChatCompletionChunk | string)[] {
  return sse
    .split("\n\n")
    .filter(Boolean)
    .map((f) => f.replace(/^data: /, ""))
    .map((d) => (d.startsWith("{") ? (JSON.parse(d) as ChatCompletionChunk) : d));
}

describe("AnthropicStreamTranslator", () => {
  it("emits OpenAI chunks, usage only when asked, and [DONE] at finish()", () => {
    const t = new AnthropicStreamTranslator({ model: "claude-alias", includeUsage: true, created: 7 });
    const out = t.push(ANTHROPIC_STREAM) + t.end();
    expect(t.completed).toBe(true);
    expect(t.usage).toEqual({ prompt_tokens: 30, completion_tokens: 42, total_tokens: 72, prompt_tokens_details: { cached_tokens: 5 } });
    const all = frames(out + t.finish());
    const chunks = all.filter((f): f is ChatCompletionChunk => typeof f === "object");
    expect(chunks.every((c) => c.id === "msg_1" && c.model === "claude-alias" && c.created === 7 && c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta ?? null)).toEqual([
      { role: "assistant", content: "" },
      { content: "Héllo" },
      { content: " wörld ✓" },
      { tool_calls: [{ index: 0, id: "toolu_9", type: "function", function: { name: "get_weather", arguments: "" } }] },
      { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
      { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      {},
      null,
    ]);
    expect(chunks[6].choices[0].finish_reason).toBe("tool_calls");
    expect(chunks[7]).toMatchObject({ choices: [], usage: { prompt_tokens: 30, completion_tokens: 42, total_tokens: 72 } });
    expect(all[all.length - 1]).toBe("[DONE]");
  });

  it("leaves the usage chunk out when the client did not ask", () => {
    const t = new AnthropicStreamTranslator({ includeUsage: false });
    t.push(ANTHROPIC_STREAM);
    expect(t.finish()).toBe("data: [DONE]\n\n");
    expect(t.usage.completion_tokens).toBe(42);
  });

  it("reports a stream cut before message_stop as incomplete, with the usage seen so far", () => {
    const t = new AnthropicStreamTranslator({ includeUsage: false });
    t.push(ANTHROPIC_STREAM.slice(0, ANTHROPIC_STREAM.indexOf("event: message_delta")));
    t.end();
    expect(t.completed).toBe(false);
    expect(t.usage).toMatchObject({ prompt_tokens: 30, completion_tokens: 1 });
  });

  it("turns an error event into an OpenAI error frame", () => {
    const t = new AnthropicStreamTranslator({ includeUsage: false });
    const out = t.push(ANTHROPIC_STREAM.slice(0, ANTHROPIC_STREAM.indexOf("event: content_block_stop")) + ev("error", { error: { type: "overloaded_error", message: "Overloaded" } }));
    expect(t.error?.status).toBe(502);
    const last = frames(out).pop() as unknown as { error: { code: string; message: string } };
    expect(last.error).toMatchObject({ code: "upstream_error", message: "The model vendor failed (HTTP 529): Overloaded" });
    expect(t.completed).toBe(false);
  });

  it("gives the same output for any chunking of the upstream bytes", () => {
    const bytes = enc.encode(ANTHROPIC_STREAM);
    const whole = new AnthropicStreamTranslator({ includeUsage: true, created: 1 });
    const expected = whole.push(bytes) + whole.end() + whole.finish();
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 30 }), (points) => {
        const at = [...new Set(points)].sort((a, b) => a - b);
        const t = new AnthropicStreamTranslator({ includeUsage: true, created: 1 });
        let out = "";
        let prev = 0;
        for (const p of [...at, bytes.length]) {
          out += t.push(bytes.subarray(prev, p));
          prev = p;
        }
        out += t.end() + t.finish();
        expect(out).toBe(expected);
        expect(t.usage).toEqual(whole.usage);
      }),
      { numRuns: 300 },
    );
  });
});
