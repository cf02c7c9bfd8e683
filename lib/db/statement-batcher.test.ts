import { describe, expect, it } from "vitest";
import { StatementBatcher } from "./statement-batcher";

// The group commit's scheduling, with statements that answer when the test lets them.

type Sent = { items: number[]; release: () => void };

function batcher(opts: { concurrency: number; stallMs?: number }) {
  const sent: Sent[] = [];
  const statement = (items: number[]) =>
    new Promise<number[]>((resolve) => {
      sent.push({ items, release: () => resolve(items.map((i) => i * 10)) });
    });
  const b = new StatementBatcher<number, number>({
    one: async (i) => (await statement([i]))[0],
    many: statement,
    concurrencyEnv: "TEST_BATCHER_CONCURRENCY_UNSET",
    concurrency: opts.concurrency,
    max: 32,
    stallMs: opts.stallMs,
  });
  return { b, sent };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe("StatementBatcher", () => {
  it("sends a call at once when nothing is in flight, and gathers the calls that come meanwhile", async () => {
    const { b, sent } = batcher({ concurrency: 1 });
    const first = b.run(1);
    expect(sent.map((s) => s.items)).toEqual([[1]]);
    const rest = [b.run(2), b.run(3), b.run(4)];
    expect(sent).toHaveLength(1);
    sent[0].release();
    await expect(first).resolves.toBe(10);
    await tick();
    expect(sent.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    sent[1].release();
    await expect(Promise.all(rest)).resolves.toEqual([20, 30, 40]);
  });

  it("with stallMs, a second statement waits while the first is quick: the calls go out together after it", async () => {
    const { b, sent } = batcher({ concurrency: 2, stallMs: 10_000 });
    const first = b.run(1);
    const rest = [b.run(2), b.run(3)];
    await tick(20);
    // Without stallMs the second slot would have taken call 2 at once.
    expect(sent.map((s) => s.items)).toEqual([[1]]);
    sent[0].release();
    await first;
    await tick();
    expect(sent.map((s) => s.items)).toEqual([[1], [2, 3]]);
    sent[1].release();
    await expect(Promise.all(rest)).resolves.toEqual([20, 30]);
  });

  it("with stallMs, a statement held up does not hold up the calls behind it for longer", async () => {
    const { b, sent } = batcher({ concurrency: 2, stallMs: 40 });
    const stuck = b.run(1);
    const next = [b.run(2), b.run(3)];
    await tick(5);
    expect(sent.map((s) => s.items)).toEqual([[1]]);
    // The first never answers by itself here: the second slot opens once it has run 40 ms.
    for (let waited = 0; sent.length < 2 && waited < 2_000; waited += 10) await tick(10);
    expect(sent.map((s) => s.items)).toEqual([[1], [2, 3]]);
    sent[1].release();
    await expect(Promise.all(next)).resolves.toEqual([20, 30]);
    sent[0].release();
    await expect(stuck).resolves.toBe(10);
  });

  it("without stallMs, up to `concurrency` statements start at once", async () => {
    const { b, sent } = batcher({ concurrency: 2 });
    const calls = [b.run(1), b.run(2), b.run(3)];
    expect(sent.map((s) => s.items)).toEqual([[1], [2]]);
    sent[0].release();
    await tick();
    expect(sent.map((s) => s.items)).toEqual([[1], [2], [3]]);
    sent[1].release();
    sent[2].release();
    await expect(Promise.all(calls)).resolves.toEqual([10, 20, 30]);
  });
});
