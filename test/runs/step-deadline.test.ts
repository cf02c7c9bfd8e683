import { once } from "node:events";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { withDeadline } from "@/lib/runs/engine/attempts";
import { StepError } from "@/lib/runs/engine/step-error";

// A step attempt's deadline (lib/runs/engine/attempts.ts). A worker that was not running when
// its deadline came due (CPU starved under load, a GC pause) must not call an attempt timed out
// whose answer arrived in time: that attempt would be made again under a new idempotency key
// (the crash test saw such a second attempt at load ~20).

/** A connected socket pair on 127.0.0.1. */
async function socketPair(): Promise<{ client: net.Socket; server: net.Socket; close(): void }> {
  const listener = net.createServer();
  listener.listen(0, "127.0.0.1");
  await once(listener, "listening");
  const accepted = once(listener, "connection");
  const client = net.connect((listener.address() as net.AddressInfo).port, "127.0.0.1");
  await once(client, "connect");
  const [server] = (await accepted) as [net.Socket];
  return { client, server, close: () => (client.destroy(), server.destroy(), listener.close()) };
}

const block = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

describe("step deadline", () => {
  it("an answer that arrived while the process was stalled past the deadline is used, not timed out", async () => {
    const pair = await socketPair();
    try {
      const outer = new AbortController();
      const attempt = withDeadline(50, outer.signal, async () => String((await once(pair.client, "data"))[0]));
      pair.server.write("answer"); // arrives at once, but this process reads it only after the stall
      block(200); // deadline and answer are both due when the event loop runs again
      await expect(attempt).resolves.toBe("answer");
    } finally {
      pair.close();
    }
  });

  it("an attempt with no answer still times out (a retryable StepError), and an answered one in time is unaffected", async () => {
    const pair = await socketPair();
    try {
      const outer = new AbortController();
      const started = Date.now();
      const err = await withDeadline(100, outer.signal, async (signal) => {
        await once(pair.client, "data", { signal });
        return "never";
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StepError);
      expect(err).toMatchObject({ code: "timeout", retryable: true });
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      const quick = withDeadline(1000, outer.signal, async () => String((await once(pair.client, "data"))[0]));
      pair.server.write("fast");
      await expect(quick).resolves.toBe("fast");
    } finally {
      pair.close();
    }
  });
});
