import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OpenAIStreamUsageScanner, type OpenAIStreamUsageOptions } from "./openai-stream-usage";

const enc = new TextEncoder();
const dec = new TextDecoder();
const USAGE = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
const head = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o"';

const frame = (json: string, eol = "\n") => `data: ${json}${eol}${eol}`;
const content = (text: string, usageNull = true) => frame(`${head},"choices":[{"index":0,"delta":{"content":${JSON.stringify(text)}},"finish_reason":null}]${usageNull ? ',"usage":null' : ""}}`);
const finishChunk = frame(`${head},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}`);
const usageChunk = frame(`${head},"choices":[],"usage":${JSON.stringify(USAGE)}}`);
const DONE = "data: [DONE]\n\n";

function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

function run(chunks: Uint8Array[], opts: OpenAIStreamUsageOptions) {
  const s = new OpenAIStreamUsageScanner(opts);
  const parts = chunks.map((c) => dec.decode(s.push(c), { stream: true }));
  parts.push(dec.decode(s.end(), { stream: true }));
  const passed = parts.join("") + dec.decode();
  return { passed, held: dec.decode(s.takeHeldTail()), usage: s.usage, done: s.done };
}

const stream = content("Hé") + content("llo ✓") + finishChunk + usageChunk + DONE;

describe("OpenAIStreamUsageScanner", () => {
  it("finds the usage and passes everything through when the client asked for usage", () => {
    const r = run([enc.encode(stream)], { dropUsageChunk: false, holdDone: false });
    expect(r).toEqual({ passed: stream, held: "", usage: USAGE, done: true });
  });

  it("drops the usage-only chunk for a client that did not ask, and holds [DONE] back", () => {
    const r = run([enc.encode(stream)], { dropUsageChunk: true, holdDone: true });
    expect(r).toEqual({ passed: content("Hé") + content("llo ✓") + finishChunk, held: DONE, usage: USAGE, done: true });
  });

  it("keeps whatever follows [DONE] behind it in the held tail", () => {
    const s = new OpenAIStreamUsageScanner({ dropUsageChunk: false, holdDone: true });
    expect(dec.decode(s.push(enc.encode(content("a") + DONE + ": trailing\n")))).toBe(content("a"));
    expect(s.push(enc.encode("\n")).length).toBe(0);
    expect(s.end().length).toBe(0);
    expect(dec.decode(s.takeHeldTail())).toBe(`${DONE}: trailing\n\n`);
    expect(s.takeHeldTail().length).toBe(0);
  });

  it("hands back the very chunk when it holds whole frames that all pass", () => {
    const s = new OpenAIStreamUsageScanner({ dropUsageChunk: true, holdDone: true });
    const chunk = enc.encode(content("a") + content("b"));
    expect(s.push(chunk)).toBe(chunk);
  });

  it("records usage carried by a chunk that also has choices, and passes that chunk", () => {
    const last = frame(`${head},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":${JSON.stringify(USAGE)}}`);
    const r = run([enc.encode(content("x", false) + last + DONE)], { dropUsageChunk: true, holdDone: false });
    expect(r).toEqual({ passed: content("x", false) + last + DONE, held: "", usage: USAGE, done: true });
  });

  it("is not fooled by usage-looking text inside content", () => {
    const tricky = content('"usage": {"prompt_tokens": 999}') + content("usage") + content("[DONE]");
    const r = run([enc.encode(tricky)], { dropUsageChunk: true, holdDone: true });
    expect(r).toEqual({ passed: tricky, held: "", usage: null, done: false });
  });

  it("handles CRLF frames, spaces around the key and an unterminated [DONE] at the end", () => {
    const crlf = frame(`${head},"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]}`, "\r\n");
    const spaced = frame(`{"choices": [], "usage" :  ${JSON.stringify(USAGE)}}`, "\r\n");
    const r = run([enc.encode(crlf + spaced + "data: [DONE]")], { dropUsageChunk: true, holdDone: true });
    expect(r).toEqual({ passed: crlf, held: "data: [DONE]", usage: USAGE, done: true });
  });

  it("passes a stream that ends without [DONE], reporting it", () => {
    const r = run([enc.encode(content("a") + content("b").slice(0, 20))], { dropUsageChunk: true, holdDone: true });
    expect(r.passed).toBe(content("a") + content("b").slice(0, 20));
    expect(r.done).toBe(false);
  });

  it("gives the same bytes, usage and end for any chunking of the same stream", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 8 });
    const eol = fc.constantFrom("\n", "\r\n");
    const streamArb = fc
      .tuple(fc.array(fc.tuple(text, eol), { maxLength: 8 }), fc.boolean(), fc.boolean(), fc.nat({ max: 1000 }))
      .map(([parts, withUsage, withDone, n]) => {
        const u = { prompt_tokens: n, completion_tokens: 2, total_tokens: n + 2 };
        const kept = parts.map(([t, e]) => frame(`${head},"choices":[{"index":0,"delta":{"content":${JSON.stringify(t)}},"finish_reason":null}],"usage":null}`, e)).join("");
        const usage = withUsage ? frame(`${head},"choices":[],"usage":${JSON.stringify(u)}}`) : "";
        return { kept, usage, done: withDone ? DONE : "", u: withUsage ? u : null };
      });
    const opts = fc.record({ dropUsageChunk: fc.boolean(), holdDone: fc.boolean() });
    fc.assert(
      fc.property(streamArb, opts, fc.array(fc.nat(), { maxLength: 24 }), (s, o, points) => {
        const bytes = enc.encode(s.kept + s.usage + s.done);
        const r = run(cut(bytes, points), o);
        const passed = s.kept + (o.dropUsageChunk ? "" : s.usage) + (o.holdDone ? "" : s.done);
        expect(r).toEqual({ passed, held: o.holdDone ? s.done : "", usage: s.u, done: s.done !== "" });
      }),
      { numRuns: 500 },
    );
  });
});
