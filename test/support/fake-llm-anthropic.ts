import type { ServerResponse } from "node:http";
import { fakeDeltas, headerValue, sendFailure, sendJson, serveFake, streamFrames, type Ctx, type Fake, type FakeCommonOptions, type Frames } from "./fake-llm-server";

// A fake Anthropic Messages API: POST /v1/messages, JSON or the real event sequence
// (message_start, content_block_start, ping, content_block_delta…, content_block_stop,
// message_delta, message_stop) with input tokens in message_start and output tokens in
// message_delta. Like Anthropic, it wants x-api-key, anthropic-version and max_tokens.

export type FakeAnthropicOptions = FakeCommonOptions & {
  /** Answer with a tool_use block (input streamed as input_json_delta) instead of text. */
  toolUse?: { name: string; input: Record<string, unknown> } | null;
  /** Streams: after this many content chunks, send an `error` event and end. */
  errorAfterChunks?: { after: number; type: string; message: string } | null;
};

export type FakeAnthropic = Fake & { readonly text: string; configure(patch: Partial<FakeAnthropicOptions>): void };

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const opts: FakeAnthropicOptions = { apiKey: "sk-ant-test", ...options };
  const deltas = () => fakeDeltas(opts.chunks ?? 4);
  const fake = await serveFake(
    (ctx) => handle(ctx, opts, deltas()),
    () => opts.maxRecorded ?? 1000,
  );
  return Object.defineProperties(fake, {
    text: { get: () => deltas().join("") },
    configure: { value: (patch: Partial<FakeAnthropicOptions>) => Object.assign(opts, patch) },
  }) as FakeAnthropic;
}

function handle({ req, res, path, body: raw }: Ctx, opts: FakeAnthropicOptions, deltas: string[]) {
  if (req.method !== "POST" || path !== "/v1/messages") return error(res, 404, "not_found_error", "Not found");
  if (opts.apiKey != null && headerValue(req, "x-api-key") !== opts.apiKey) return error(res, 401, "authentication_error", "invalid x-api-key");
  if (!headerValue(req, "anthropic-version")) return error(res, 400, "invalid_request_error", "anthropic-version: header is required");
  if (opts.failWith) return sendFailure(res, opts.failWith);
  const body = (raw ?? {}) as { model?: unknown; max_tokens?: unknown; messages?: unknown; stream?: unknown };
  if (typeof body.max_tokens !== "number") return error(res, 400, "invalid_request_error", "max_tokens: Field required");
  if (typeof body.model !== "string" || !Array.isArray(body.messages)) return error(res, 400, "invalid_request_error", "model and messages are required");
  const model = body.model;
  const input = opts.promptTokens ?? 12;
  const output = opts.completionTokens ?? 8;
  const tool = opts.toolUse ?? null;
  const stop = tool ? "tool_use" : "end_turn";
  if (body.stream !== true) {
    if (opts.hangAfterChunks != null) return;
    const content = tool ? [{ type: "tool_use", id: "toolu_fake1", name: tool.name, input: tool.input }] : [{ type: "text", text: deltas.join("") }];
    return sendJson(res, 200, { id: "msg_fake1", type: "message", role: "assistant", model, content, stop_reason: stop, stop_sequence: null, usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: output, service_tier: "standard" } });
  }
  const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const json = tool ? JSON.stringify(tool.input) : "";
  // A tool's input arrives in pieces; cut its JSON into as many chunks as text would have.
  const pieces = tool ? deltas.map((_, i) => json.slice(Math.floor((i * json.length) / deltas.length), Math.floor(((i + 1) * json.length) / deltas.length))) : deltas;
  const frames: Frames = {
    head:
      ev("message_start", { message: { id: "msg_fake1", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: input, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1, service_tier: "standard" } } }) +
      ev("content_block_start", { index: 0, content_block: tool ? { type: "tool_use", id: "toolu_fake1", name: tool.name, input: {} } : { type: "text", text: "" } }) +
      ev("ping", {}),
    content: pieces.map((p) => ev("content_block_delta", { index: 0, delta: tool ? { type: "input_json_delta", partial_json: p } : { type: "text_delta", text: p } })),
    tail: ev("content_block_stop", { index: 0 }) + ev("message_delta", { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: output } }) + ev("message_stop", {}),
  };
  const fail = opts.errorAfterChunks;
  streamFrames(res, frames, {
    delayMs: opts.chunkDelayMs ?? 0,
    hangAfter: opts.hangAfterChunks ?? null,
    cut: fail ? { after: fail.after, frame: ev("error", { error: { type: fail.type, message: fail.message } }) } : undefined,
  });
}

function error(res: ServerResponse, status: number, type: string, message: string) {
  sendJson(res, status, { type: "error", error: { type, message }, request_id: "req_fake" });
}
