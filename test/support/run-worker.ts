import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db/client";
import { tenant } from "@/test/support/world";
import { stopBoss } from "@/lib/queue/boss";
import { startWorker } from "@/worker/start-worker";
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

// Graph builders and tenants for the engine tests (test/runs/engine*.test.ts, crash*.test.ts).

type N = { id: string; type: string; config?: Record<string, unknown> };

/** A graph from nodes and "a>b" / "a>b:branch" edge strings. */
export function graph(nodes: N[], edges: string[]) {
  return {
    nodes: nodes.map((n) => ({ ...n, config: n.config ?? {} })),
    edges: edges.map((e) => {
      const [pair, branch] = e.split(":");
      const [source, target] = pair.split(">");
      return { id: `e_${source}_${target}`, source, target, ...(branch ? { branch } : {}) };
    }),
  };
}

export const trigger = (id = "trigger"): N => ({ id, type: "trigger", config: { inputSchema: { type: "object" } } });
export const transform = (id: string, expression: string): N => ({ id, type: "transform", config: { expression } });
export const output = (id = "output", expression?: string): N => ({ id, type: "output", config: expression ? { expression } : {} });
export const http = (id: string, connectionId: string, path: string, extra: Record<string, unknown> = {}): N => ({ id, type: "http", config: { connectionId, path, ...extra } });

/** A tenant with credits and an API-key connection (custom, key in X-Api-Key) to `baseUrl`. */
export async function engineTenant(baseUrl: string, secret = "test-upstream-key-0123456789") {
  const t = await tenant({ credits: true });
  const connection = await createConnection(
    { workspace: t.workspace, project: t.project, actor: { type: "system" } },
    { type: "api_key", provider: "custom", name: `upstream-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, environment: "production", secret, fields: { baseUrl, headerName: "X-Api-Key" } },
  );
  return { ...t, connectionId: connection.id, secret };
}

export async function stepsOf(runId: string) {
  return db.runStep.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

export async function eventsOf(runId: string) {
  return db.runEvent.findMany({ where: { runId }, orderBy: { seq: "asc" } });
}

/** Egress to 127.0.0.1 (the fake upstream) for the duration of a test file. */
export function allowLoopbackEgress(): () => void {
  const prev = process.env.EGRESS_ALLOWED_HOSTS;
  process.env.EGRESS_ALLOWED_HOSTS = "127.0.0.1";
  return () => {
    if (prev === undefined) delete process.env.EGRESS_ALLOWED_HOSTS;
    else process.env.EGRESS_ALLOWED_HOSTS = prev;
  };
}
