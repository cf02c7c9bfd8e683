// The live halves of `npm run bench:scale`, run in the bench's process after the data is seeded:
//   - SSE: SCALE_SSE_CLIENTS (50) streams of GET /v1/runs/{id}/events on the running 200-step
//     run, then SCALE_SSE_COMMITS (100) step checkpoints (a step row and two events, as the
//     engine commits them); latency = from just before the checkpoint's transaction began to
//     each client's receipt of its last event;
//   - outbound webhooks: event published (its transaction begun) → the first attempt reaching a
//     receiver on 127.0.0.1, with the periodic sweep out of reach (dispatch at the commit), and
//     the same for deliveries nobody announces, which only the 2 s sweep sends (what every
//     delivery waited for before the dispatch at the commit).
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

type Handler = (req: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Ctx = { headers: Record<string, string>; workspaceId: string; projectId: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One SSE client: records when each event id arrived. */
async function openClient(handler: Handler, runId: string, headers: Record<string, string>, after: number, seen: Map<number, number>[]): Promise<() => void> {
  const abort = new AbortController();
  const res = await handler(new Request(`http://localhost/v1/runs/${runId}/events`, { headers: { ...headers, "last-event-id": String(after) }, signal: abort.signal }), { params: Promise.resolve({ id: runId }) });
  if (res.status !== 200 || !res.body) throw new Error(`SSE open: ${res.status}`);
  const got = new Map<number, number>();
  seen.push(got);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      const now = performance.now();
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const id = /^id: (\d+)$/m.exec(buffer.slice(0, cut));
        if (id) got.set(Number(id[1]), now);
        buffer = buffer.slice(cut + 2);
      }
    }
  })();
  return () => {
    abort.abort();
    void reader.cancel().catch(() => undefined);
  };
}

export async function measureSse(ctx: Ctx, runId: string, clients: number, commits: number): Promise<{ latencies: number[]; missing: number }> {
  const { GET } = await import("../app/v1/runs/[id]/events/route");
  const { db } = await import("../lib/db/client");
  const { newId } = await import("../lib/core/ids");
  const { appendRunEvents } = await import("../lib/runs/events");
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { lastEventSeq: true } });
  const seen: Map<number, number>[] = [];
  const closers: (() => void)[] = [];
  for (let i = 0; i < clients; i++) closers.push(await openClient(GET as Handler, runId, ctx.headers, run.lastEventSeq, seen));
  await sleep(500);
  const ref = { id: runId, workspaceId: ctx.workspaceId, projectId: ctx.projectId };
  const sent: { seq: number; t0: number }[] = [];
  for (let j = 0; j < commits; j++) {
    const nodeId = `live${j}`;
    const t0 = performance.now();
    const seqs = await db.$transaction(async (tx) => {
      await tx.runStep.create({ data: { id: newId("runStep"), workspaceId: ref.workspaceId, projectId: ref.projectId, runId, nodeId, nodeType: "transform", seq: 1000 + j, status: "succeeded", attempts: 1, output: { j }, latencyMs: 1, finishedAt: new Date() } });
      return appendRunEvents(tx, ref, [
        { type: "step.started", nodeId },
        { type: "step.succeeded", nodeId, data: { output: { j } } },
      ]);
    });
    sent.push({ seq: seqs[1], t0 });
    await sleep(30);
  }
  await sleep(2000);
  closers.forEach((close) => close());
  const latencies: number[] = [];
  let missing = 0;
  for (const s of sent) {
    for (const got of seen) {
      const at = got.get(s.seq);
      if (at === undefined) missing++;
      else latencies.push(at - s.t0);
    }
  }
  return { latencies, missing };
}

function startReceiver(): Promise<{ url: string; arrivals: Map<string, number>; close(): void }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      try {
        arrivals.set((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id, at);
      } catch {
        // not a delivery
      }
      res.writeHead(200).end("ok");
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, arrivals, close: () => server.close() })),
  );
}

async function waitFor(arrivals: Map<string, number>, id: string, ms: number): Promise<number | null> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    const at = arrivals.get(id);
    if (at !== undefined) return at;
    await sleep(1);
  }
  return null;
}

/** Event → first attempt received, for `announced` published events and `unannounced` deliveries (sweep only). */
export async function measureWebhooks(ctx: Ctx, announced: number, unannounced: number): Promise<{ dispatch: number[]; sweepOnly: number[]; lost: number }> {
  const { POST: createEndpoint } = await import("../app/v1/webhooks/route");
  const { db } = await import("../lib/db/client");
  const { newId } = await import("../lib/core/ids");
  const { configureBossAsWorker, getBoss, stopBoss } = await import("../lib/queue/boss");
  const { registerWebhookWorker } = await import("../lib/webhooks/delivery-worker");
  const { publishEvent } = await import("../lib/webhooks/publish-event");
  const receiver = await startReceiver();
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  const res = await (createEndpoint as Handler)(
    new Request("http://localhost/v1/webhooks", { method: "POST", headers: { ...ctx.headers, "content-type": "application/json" }, body: JSON.stringify({ url: receiver.url, events: ["run.succeeded"] }) }),
    { params: Promise.resolve({}) },
  );
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${await res.text()}`);
  const endpointId = ((await res.json()) as { id: string }).id;
  const startWorker = async (sweepMs: string) => {
    await stopBoss();
    process.env.WEBHOOK_SWEEP_INTERVAL_MS = sweepMs;
    configureBossAsWorker();
    await registerWebhookWorker(await getBoss());
  };
  let lost = 0;
  const dispatch: number[] = [];
  const sweepOnly: number[] = [];
  try {
    await startWorker("600000");
    for (let i = 0; i < announced; i++) {
      const t0 = performance.now();
      const { eventId } = await db.$transaction((tx) => publishEvent(tx, { workspaceId: ctx.workspaceId, projectId: ctx.projectId, type: "run.succeeded", data: { i } }));
      const at = await waitFor(receiver.arrivals, eventId, 10_000);
      if (at === null) lost++;
      else dispatch.push(at - t0);
      await sleep(20);
    }
    await startWorker("2000");
    for (let i = 0; i < unannounced; i++) {
      // Deliberately not announced: sent by the periodic sweep alone, as before the dispatch.
      const eventId = newId("event");
      const t0 = performance.now();
      const payload = { id: eventId, type: "run.succeeded", createdAt: new Date().toISOString(), data: { i } };
      await db.webhookDelivery.create({ data: { id: newId("webhookDelivery"), workspaceId: ctx.workspaceId, projectId: ctx.projectId, endpointId, eventId, eventType: "run.succeeded", payload, nextAttemptAt: new Date() } });
      const at = await waitFor(receiver.arrivals, eventId, 10_000);
      if (at === null) lost++;
      else sweepOnly.push(at - t0);
      // Desynchronise from the sweep's period.
      await sleep(100 + Math.floor(Math.random() * 700));
    }
  } finally {
    await stopBoss({ graceful: true, timeoutMs: 5000 });
    receiver.close();
  }
  return { dispatch, sweepOnly, lost };
}
