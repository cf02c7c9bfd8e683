import type { ServerResponse } from "node:http";
import { fakeDeltas, headerValue, sendFailure, sendJson, serveFake, streamFrames, type Ctx, type Fake, type FakeCommonOptions, type Frames } from "./fake-llm-server";

// A fake Gemini API: POST /v1beta/models/{model}:generateContent and
// :streamGenerateContent?alt=sse (events end in "\r\n\r\n" like Google's). Each streamed chunk
// carries usageMetadata with the prompt count; the last adds candidatesTokenCount and the
// finishReason. The key comes in x-goog-api-key or ?key=; a wrong one gets Google's 400
// API_KEY_INVALID.

export type FakeGoogleOptions = FakeCommonOptions & {
  /** Answer with a functionCall part instead of text. */
  functionCall?: { name: string; args: Record<string, unknown> } | null;
};

export type FakeGoogle = Fake & { readonly text: string; configure(patch: Partial<FakeGoogleOptions>): void };

const ROUTE = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const opts: FakeGoogleOptions = { apiKey: "google-test-key", ...options };
  const deltas = () => fakeDeltas(opts.chunks ?? 4);
  const fake = await serveFake(
    (ctx) => handle(ctx, opts, deltas()),
    () => opts.maxRecorded ?? 1000,
  );
  return Object.defineProperties(fake, {
    text: { get: () => deltas().join("") },
    configure: { value: (patch: Partial<FakeGoogleOptions>) => Object.assign(opts, patch) },
  }) as FakeGoogle;
}

function handle({ req, res, path, query, body: raw }: Ctx, opts: FakeGoogleOptions, deltas: string[]) {
  const route = req.method === "POST" ? ROUTE.exec(path) : null;
  if (!route) return error(res, 404, "NOT_FOUND", `Requested entity was not found.`);
  const key = headerValue(req, "x-goog-api-key") ?? query.get("key");
  if (opts.apiKey != null && key !== opts.apiKey) {
    return sendJson(res, 400, { error: { code: 400, message: "API key not valid. Please pass a valid API key.", status: "INVALID_ARGUMENT", details: [{ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" }] } });
  }
  if (opts.failWith) return sendFailure(res, opts.failWith);
  const body = (raw ?? {}) as { contents?: unknown };
  if (!Array.isArray(body.contents) || body.contents.length === 0) return error(res, 400, "INVALID_ARGUMENT", "* GenerateContentRequest.contents: contents is not specified");
  const model = decodeURIComponent(route[1]);
  const stream = route[2] === "streamGenerateContent";
  if (stream && query.get("alt") !== "sse") return error(res, 400, "INVALID_ARGUMENT", "The fake serves streamGenerateContent with alt=sse only");
  const prompt = opts.promptTokens ?? 12;
  const output = opts.completionTokens ?? 8;
  const fn = opts.functionCall ?? null;
  const finalUsage = { promptTokenCount: prompt, candidatesTokenCount: output, totalTokenCount: prompt + output, promptTokensDetails: [{ modality: "TEXT", tokenCount: prompt }] };
  const common = { modelVersion: model, responseId: "fakeResponse1" };
  if (!stream) {
    if (opts.hangAfterChunks != null) return;
    const parts = fn ? [{ functionCall: fn }] : [{ text: deltas.join("") }];
    return sendJson(res, 200, { candidates: [{ content: { parts, role: "model" }, finishReason: "STOP", index: 0 }], usageMetadata: finalUsage, ...common });
  }
  const event = (parts: object[], last: boolean) =>
    `data: ${JSON.stringify({
      candidates: [{ content: { parts, role: "model" }, ...(last ? { finishReason: "STOP" } : {}), index: 0 }],
      usageMetadata: last ? finalUsage : { promptTokenCount: prompt, totalTokenCount: prompt },
      ...common,
    })}\r\n\r\n`;
  const frames: Frames = {
    head: "",
    content: fn ? [event([{ functionCall: fn }], false)] : deltas.map((text) => event([{ text }], false)),
    tail: event([{ text: "" }], true),
  };
  streamFrames(res, frames, { delayMs: opts.chunkDelayMs ?? 0, hangAfter: opts.hangAfterChunks ?? null });
}

function error(res: ServerResponse, code: number, status: string, message: string) {
  sendJson(res, code, { error: { code, message, status } });
}
