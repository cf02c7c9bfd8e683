import { db } from "@/lib/db/client";
import { stopBoss } from "@/lib/queue/boss";
import { startWorker } from "@/lib/queue/start-worker";
import type { RunStatus } from "@/lib/generated/prisma/enums";

// The real worker (pg-boss consumers + maintenance loop) in the test process, against the
// worker's own test database (DATABASE_URL). Jobs enqueued by the code under test are
// executed exactly as in production.

export type TestWorker = { stop(): Promise<void> };

export async function startTestWorker(opts: { maintenance?: boolean } = {}): Promise<TestWorker> {
  // A producer-only pg-boss started earlier in this process (enqueueRun before the worker)
  // is replaced by the worker's own instance.
  await stopBoss();
  const worker = await startWorker({ maintenance: opts.maintenance ?? true });
  return { stop: () => worker.stop({ timeoutMs: 5_000 }) };
}

/** Polls the Run row until its status is one of `statuses`; throws with the last status on timeout. */
export async function waitForRun(runId: string, statuses: RunStatus[] | RunStatus, timeoutMs = 15_000) {
  const wanted = Array.isArray(statuses) ? statuses : [statuses];
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    const run = await db.run.findUnique({ where: { id: runId } });
    if (!run) throw new Error(`run ${runId} does not exist`);
    last = run.status;
    if (wanted.includes(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} is ${last} after ${timeoutMs} ms (waited for ${wanted.join("|")}); error: ${JSON.stringify(run.error)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A workflow with `graph` (published as version 1) and a run of it started through the API's startRun. */
export async function startTestRun(opts: { workspaceId: string; projectId: string; graph?: unknown; input?: unknown; budget?: bigint | number; startedById?: string | null }) {
  const { createTestWorkflow } = await import("@/test/factories/workflows");
  const { startRun } = await import("@/lib/runs/start-run");
  const { workflow, graph } = await createTestWorkflow({ workspaceId: opts.workspaceId, projectId: opts.projectId, graph: opts.graph });
  const run = await startRun({
    workspaceId: opts.workspaceId,
    projectId: opts.projectId,
    workflowId: workflow.id,
    input: opts.input ?? { name: "Ada" },
    budget: opts.budget,
    trigger: "api",
    startedById: opts.startedById ?? null,
  });
  return { run, workflow, graph };
}
