import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseEventReader, SseLineSplitter } from "./sse";

const enc = new TextEncoder();

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

function splitAll(chunks: (Uint8Array | string)[]): string[] {
  const s = new SseLineSplitter();
  return [...chunks.flatMap((c) => s.push(c)), ...s.end()];
}

describe("SseLineSplitter", () => {
  it("splits on \\n, \\r\\n and a lone \\r, keeping a last unterminated line", () => {
    expect(splitAll(["a\nb\r\nc\rd"])).toEqual(["a", "b", "c", "d"]);
  });

  it("counts a \\r\\n cut between chunks once", () => {
    expect(splitAll(["a\r", "\nb\r", "", "\n"])).toEqual(["a", "b"]);
  });

  it("joins a multi-byte character cut between chunks", () => {
    const bytes = enc.encode("data: héllo ✓ 😀\n");
    for (let i = 0; i <= bytes.length; i++) expect(splitAll([bytes.subarray(0, i), bytes.subarray(i)])).toEqual(["data: héllo ✓ 😀"]);
  });

  it("gives the same lines for any chunking of the same bytes", () => {
    const line = fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ""));
    const term = fc.constantFrom("\n", "\r\n", "\r");
    fc.assert(
      fc.property(fc.array(fc.tuple(line, term), { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 16 }), (lines, points) => {
        const text = lines.map(([l, t]) => l + t).join("");
        const bytes = enc.encode(text);
        const expected = text.split(/\r\n|\r|\n/);
        if (expected[expected.length - 1] === "") expected.pop();
        expect(splitAll(cut(bytes, points))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("SseEventReader", () => {
  it("groups event and data lines, skips comments and other fields, joins data lines", () => {
    const r = new SseEventReader();
    const events = r.push(": keep-alive\nevent: message_start\ndata: {\"a\":1}\nid: 7\n\ndata: x\ndata:y\n\nevent: lonely\n\n");
    expect(events).toEqual([
      { event: "message_start", data: '{"a":1}' },
      { event: undefined, data: "x\ny" },
    ]);
  });

  it("flushes a last event without its blank line at end()", () => {
    const r = new SseEventReader();
    expect(r.push("data: a\r\n\r\ndata: b")).toEqual([{ event: undefined, data: "a" }]);
    expect(r.end()).toEqual([{ event: undefined, data: "b" }]);
  });

  it("gives the same events for any chunking", () => {
    const text = 'event: a\ndata: {"t":"é✓"}\n\nevent: b\r\ndata: 1\r\ndata: 2\r\n\r\n: c\n\ndata: [DONE]\n\n';
    const bytes = enc.encode(text);
    const whole = new SseEventReader().push(bytes);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 20 }), (points) => {
        const r = new SseEventReader();
        const events = [...cut(bytes, points).flatMap((c) => r.push(c)), ...r.end()];
        expect(events).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });
});
