// An acknowledged delivery's admission job claimed by a worker that then dies (kill -9: it never
// completes the job nor sends heartbeats) is handed to another worker after the queue's
// heartbeat (RUN_HEARTBEAT_SECONDS, 10 s), not after the job's 120 s expiry: the sender already
// has a 202 naming the run. The fault test (npm run test:scale) found such runs still missing.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getBoss, stopBoss } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";
import { startTestWorker, type TestWorker } from "@/test/support/run-worker";
import { deliver, inboundWorld } from "./inbound-helpers";

let worker: TestWorker | undefined;
afterAll(async () => {
  await worker?.stop();
  await stopBoss();
});

describe("inbound admission after a worker died holding the job", () => {
  it("another worker admits the delivery's run within the heartbeat window, well before the job's expiry", { timeout: 90_000 }, async () => {
    const { sub } = await inboundWorld();
    const res = await deliver(sub, JSON.stringify({ name: "Ada" }));
    expect(res.status).toBe(202);
    const runId = (res.json as { runId: string }).runId;

    // The dead worker: it claimed the job and will never finish it.
    const boss = await getBoss();
    const claimed = await boss.fetch(QUEUES.inboundAdmission, { batchSize: 10 });
    expect(claimed.map((j) => (j.data as { runId: string }).runId)).toContain(runId);
    expect(await db.run.findUnique({ where: { id: runId } })).toBeNull();

    const claimedAt = Date.now();
    worker = await startTestWorker({ maintenance: false });
    let run = null;
    while (!run && Date.now() - claimedAt < 80_000) {
      run = await db.run.findUnique({ where: { id: runId }, select: { id: true } });
      if (!run) await new Promise((r) => setTimeout(r, 250));
    }
    expect(run).not.toBeNull();
    // Handed over on the heartbeat (10 s) plus supervision and retry delay; the expiry is 120 s.
    expect(Date.now() - claimedAt).toBeLessThan(60_000);
  });
});
