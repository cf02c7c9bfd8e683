import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

// One node:http server on 127.0.0.1 speaking four wire formats under path prefixes:
//   /openai/v1 and /compat/v1  — OpenAI chat completions (JSON and SSE with a usage chunk), GET /models
//   /anthropic/v1              — Anthropic messages (JSON and the message_start … message_stop events), GET /models
//   /google/v1beta             — Gemini generateContent and streamGenerateContent?alt=sse, GET /models
// The model name picks a scenario: "rate-limited", "too-long", "broken" (500), "hang" (never
// answers), "bad-json" (JSON that misses the schema); any other model answers normally. A wrong
// key gets the vendor's own 401 (Gemini: 400 API_KEY_INVALID).

export const USAGE = { input: 1234, output: 56 };
export const DELTAS = ["Hello", " from", " the fake"];
export const TEXT = DELTAS.join("");

type Seen = { vendor: string; path: string; key: string | null; body: Record<string, unknown> | null; stream: boolean };

export async function startFakeVendors(keys: { openai: string; anthropic: string; google: string; compat: string }) {
  const seen: Seen[] = [];
  const hanging = new Set<ServerResponse>();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const vendor = url.pathname.split("/")[1] ?? "";
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    const key = vendor === "anthropic" ? header(req, "x-api-key") : vendor === "google" ? (header(req, "x-goog-api-key") ?? url.searchParams.get("key")) : (header(req, "authorization")?.replace(/^Bearer /, "") ?? null);
    const stream = vendor === "google" ? url.pathname.endsWith(":streamGenerateContent") : body?.stream === true;
    if (seen.length < 500) seen.push({ vendor, path: url.pathname + url.search, key, body, stream });
    const expected = keys[vendor as keyof typeof keys];
    if (!expected) return send(res, 404, { error: "unknown vendor" });
    if (key !== expected) return unauthorized(vendor, res, key ?? "");
    if (req.method === "GET" && url.pathname.endsWith("/models")) return listModels(vendor, res);
    const model = vendor === "google" ? decodeURIComponent(url.pathname.split("/models/")[1]?.split(":")[0] ?? "") : String(body?.model ?? "");
    if (model === "hang") return void hanging.add(res);
    if (model === "rate-limited") return rateLimited(vendor, res);
    if (model === "too-long") return tooLong(vendor, res);
    if (model === "broken") return send(res, 500, vendor === "google" ? { error: { code: 500, message: "Internal error", status: "INTERNAL" } } : vendor === "anthropic" ? { type: "error", error: { type: "api_error", message: "Internal server error" } } : { error: { message: "The server had an error", type: "server_error" } });
    const json = model === "bad-json" ? '{"wrong":true}' : wantsJson(vendor, body) ? '{"city":"Paris","population":2102650}' : null;
    if (vendor === "anthropic") return anthropic(res, model, body, stream, json);
    if (vendor === "google") return google(res, model, stream, json);
    return openai(res, model, stream, json);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    seen,
    urls: { openai: `${base}/openai/v1`, anthropic: `${base}/anthropic/v1`, google: `${base}/google/v1beta`, compat: `${base}/compat/v1` },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" ? v : null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.on("data", (c) => (s += c));
    req.on("end", () => resolve(s));
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

function sse(res: ServerResponse, events: { event?: string; data: unknown }[]) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const e of events) res.write(`${e.event ? `event: ${e.event}\n` : ""}data: ${typeof e.data === "string" ? e.data : JSON.stringify(e.data)}\n\n`);
  res.end();
}

function wantsJson(vendor: string, body: Record<string, unknown> | null): boolean {
  if (!body) return false;
  if (vendor === "google") return (body.generationConfig as { responseMimeType?: string } | undefined)?.responseMimeType === "application/json";
  if (vendor === "anthropic") return Boolean(body.output_config) || Array.isArray(body.tools);
  return Boolean(body.response_format);
}

function unauthorized(vendor: string, res: ServerResponse, key: string) {
  // Like the real OpenAI error, the message echoes part of the key: it must not reach callers.
  if (vendor === "anthropic") return send(res, 401, { type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
  if (vendor === "google") return send(res, 400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID" }] } });
  return send(res, 401, { error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: "invalid_request_error", code: "invalid_api_key" } });
}

function rateLimited(vendor: string, res: ServerResponse) {
  if (vendor === "google") return send(res, 429, { error: { code: 429, message: "Resource has been exhausted", status: "RESOURCE_EXHAUSTED", details: [{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "13s" }] } });
  if (vendor === "anthropic") return send(res, 429, { type: "error", error: { type: "rate_limit_error", message: "Number of request tokens has exceeded your per-minute rate limit" } }, { "retry-after": "7" });
  return send(res, 429, { error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" } }, { "retry-after": "7" });
}

function tooLong(vendor: string, res: ServerResponse) {
  if (vendor === "google") return send(res, 400, { error: { code: 400, message: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", status: "INVALID_ARGUMENT" } });
  if (vendor === "anthropic") return send(res, 400, { type: "error", error: { type: "invalid_request_error", message: "prompt is too long: 250000 tokens > 200000 maximum" } });
  return send(res, 400, { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 250000 tokens.", type: "invalid_request_error", param: "messages", code: "context_length_exceeded" } });
}

function listModels(vendor: string, res: ServerResponse) {
  if (vendor === "google") {
    return send(res, 200, {
      models: [
        { name: "models/gemini-2.5-flash", supportedGenerationMethods: ["generateContent", "countTokens"] },
        { name: "models/gemini-2.5-pro", supportedGenerationMethods: ["generateContent"] },
        { name: "models/text-embedding-004", supportedGenerationMethods: ["embedContent"] },
      ],
    });
  }
  if (vendor === "anthropic") return send(res, 200, { data: [{ type: "model", id: "claude-sonnet-4-5-20250929", display_name: "Claude Sonnet 4.5" }, { type: "model", id: "claude-haiku-4-5-20251001" }], has_more: false, first_id: null, last_id: null });
  const ids = vendor === "compat" ? ["llama-3.1-8b", "mixtral-8x7b"] : ["gpt-4o", "gpt-4o-mini", "gpt-4.1"];
  return send(res, 200, { object: "list", data: ids.map((id) => ({ id, object: "model", created: 1700000000, owned_by: "system" })) });
}

function openai(res: ServerResponse, model: string, stream: boolean, json: string | null) {
  const base = { id: "chatcmpl-1", created: 1700000000, model };
  const usage = { prompt_tokens: USAGE.input, completion_tokens: USAGE.output, total_tokens: USAGE.input + USAGE.output };
  if (!stream) return send(res, 200, { ...base, object: "chat.completion", choices: [{ index: 0, message: { role: "assistant", content: json ?? TEXT }, finish_reason: "stop" }], usage });
  const chunk = (delta: object, finish: string | null) => ({ data: { ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] } });
  const parts = json ? [json] : DELTAS;
  sse(res, [
    chunk({ role: "assistant", content: "" }, null),
    ...parts.map((p) => chunk({ content: p }, null)),
    chunk({}, "stop"),
    { data: { ...base, object: "chat.completion.chunk", choices: [], usage } },
    { data: "[DONE]" },
  ]);
}

function anthropic(res: ServerResponse, model: string, body: Record<string, unknown> | null, stream: boolean, json: string | null) {
  const tool = Array.isArray(body?.tools) ? (body.tools as { name: string }[])[0] : null;
  const block = json && tool ? { type: "tool_use", id: "toolu_1", name: tool.name, input: JSON.parse(json) } : { type: "text", text: json ?? TEXT };
  const stop = block.type === "tool_use" ? "tool_use" : "end_turn";
  if (!stream) {
    return send(res, 200, { id: "msg_1", type: "message", role: "assistant", model, content: [block], stop_reason: stop, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: USAGE.output } });
  }
  const deltas =
    block.type === "tool_use"
      ? [{ type: "input_json_delta", partial_json: json }]
      : (json ? [json] : DELTAS).map((text) => ({ type: "text_delta", text }));
  sse(res, [
    { event: "message_start", data: { type: "message_start", message: { id: "msg_1", type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: USAGE.input, output_tokens: 1 } } } },
    { event: "content_block_start", data: { type: "content_block_start", index: 0, content_block: block.type === "tool_use" ? { ...block, input: {} } : { type: "text", text: "" } } },
    { event: "ping", data: { type: "ping" } },
    ...deltas.map((delta) => ({ event: "content_block_delta", data: { type: "content_block_delta", index: 0, delta } })),
    { event: "content_block_stop", data: { type: "content_block_stop", index: 0 } },
    { event: "message_delta", data: { type: "message_delta", delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: USAGE.output } } },
    { event: "message_stop", data: { type: "message_stop" } },
  ]);
}

function google(res: ServerResponse, model: string, stream: boolean, json: string | null) {
  const usageMetadata = { promptTokenCount: USAGE.input, candidatesTokenCount: USAGE.output, totalTokenCount: USAGE.input + USAGE.output };
  if (!stream) {
    return send(res, 200, { candidates: [{ content: { parts: [{ text: json ?? TEXT }], role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata, modelVersion: model });
  }
  const parts = json ? [json] : DELTAS;
  sse(res, parts.map((text, i) => ({
    data: {
      candidates: [{ content: { parts: [{ text }], role: "model" }, index: 0, ...(i === parts.length - 1 ? { finishReason: "STOP" } : {}) }],
      ...(i === parts.length - 1 ? { usageMetadata } : {}),
      modelVersion: model,
    },
  })));
}
