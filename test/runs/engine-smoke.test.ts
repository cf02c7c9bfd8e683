import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { grantTestCredits } from "@/test/factories/billing";
import { tenant } from "@/test/tenancy/helpers";
import { startTestRun, startTestWorker, waitForRun, type TestWorker } from "@/test/support/run-worker";

let worker: TestWorker;
beforeAll(async () => {
  worker = await startTestWorker();
});
afterAll(async () => {
  await worker.stop();
});

describe("engine smoke", () => {
  it("runs hello", async () => {
    const t = await tenant();
    await grantTestCredits(t.workspace.id);
    const { run } = await startTestRun({ workspaceId: t.workspace.id, projectId: t.project.id });
    const done = await waitForRun(run.id, ["succeeded", "failed"]);
    expect(done.status).toBe("succeeded");
    expect(done.output).toEqual({ greeting: "Hello, Ada!" });
    const steps = await db.runStep.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    expect(steps.map((s) => [s.nodeId, s.status])).toEqual([["trigger", "succeeded"], ["greet", "succeeded"], ["output", "succeeded"]]);
    const events = await db.runEvent.findMany({ where: { runId: run.id }, orderBy: { seq: "asc" } });
    console.log(events.map((e) => `${e.seq} ${e.type} ${e.nodeId ?? ""}`).join("\n"));
  });
});
