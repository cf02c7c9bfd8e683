// A duplicate inbound delivery (same Idempotency-Key and body) says it is a replay, like a
// duplicate run start: `Idempotent-Replayed: true`, on the replay only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { stopBoss } from "@/lib/queue/boss";
import { startTestWorker, type TestWorker } from "@/test/support/run-worker";
import { admittedRun, deliver, inboundWorld, uniqueKey, type Created } from "./inbound-helpers";

let sub: Created;
let worker: TestWorker;
beforeAll(async () => {
  ({ sub } = await inboundWorld());
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker.stop();
  await stopBoss();
});

describe("POST /v1/inbound/{id} with an Idempotency-Key", () => {
  it("the first delivery has no Idempotent-Replayed; the duplicate gets the same 202 body with Idempotent-Replayed: true", async () => {
    const key = uniqueKey();
    const body = JSON.stringify({ name: "Ada" });
    const first = await deliver(sub, body, { idempotencyKey: key });
    expect(first.status).toBe(202);
    expect(first.headers.get("idempotent-replayed")).toBeNull();

    const again = await deliver(sub, body, { idempotencyKey: key });
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    await admittedRun(first.json.runId);
    expect(await db.run.count({ where: { inboundSubscriptionId: sub.id } })).toBe(1);
  });

  it("without a key every delivery is new: no replay header", async () => {
    const res = await deliver(sub, JSON.stringify({ name: "Bob" }));
    expect(res.status).toBe(202);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
  });
});
