import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { asJson } from "@/lib/db/json";
import { pricing } from "@/lib/billing/pricing";
import { reserveRunCredits } from "@/lib/billing/credits";
import { appendRunEvent } from "@/lib/runs/events";
import { finishRun, type RunError } from "@/lib/runs/finish-run";
import { retryOnDeadlock } from "@/lib/runs/retry-deadlock";
import type { TerminalRunStatus } from "@/lib/schemas/runs";

// One request through the gateway is one run of kind `agent`: ingress opens it, the agent's
// LLM and tool calls are its steps, and it ends when the agent's answer has been sent. Credits
// are held for it like for a workflow run, so budgets, the Command Center and audit read
// agent traffic the same way.

export type AgentRunRef = { id: string; workspaceId: string; projectId: string; agentId: string; endUserId: string | null; budget: bigint };

type OpenAgentRun = {
  agent: { id: string; workspaceId: string; projectId: string; runBudget: bigint | null; projectDefaultRunBudget: bigint | null };
  endUserId: string | null;
  /** What the run records as its input: the request line, never its body or headers. */
  request: { method: string; path: string; via: "ingress" | "llm" | "tool" };
};

/** Opens the run (credits held, run.started event); throws 402 insufficient_credits when the workspace has none. */
export async function openAgentRun({ agent, endUserId, request }: OpenAgentRun): Promise<AgentRunRef> {
  const budget = agent.runBudget ?? agent.projectDefaultRunBudget ?? pricing().defaultRunBudget;
  const id = newId("run");
  const now = new Date();
  await db.$transaction(async (tx) => {
    const hold = await reserveRunCredits(tx, agent.workspaceId, budget);
    await tx.run.create({
      data: {
        id,
        workspaceId: agent.workspaceId,
        projectId: agent.projectId,
        kind: "agent",
        agentId: agent.id,
        endUserId,
        status: "running",
        trigger: "agent",
        input: asJson({ method: request.method, path: request.path, via: request.via, endUserId }),
        budget,
        creditHold: hold,
        startedAt: now,
      },
    });
    await appendRunEvent(tx, { id, workspaceId: agent.workspaceId, projectId: agent.projectId }, "run.started", { trigger: "agent", agentId: agent.id, endUserId }, { status: "running" });
  });
  return { id, workspaceId: agent.workspaceId, projectId: agent.projectId, agentId: agent.id, endUserId, budget };
}

/** Ends the run (hold released, events, outbound webhooks); a second call changes nothing. */
export async function finishAgentRun(run: { id: string; workspaceId: string; projectId: string }, status: TerminalRunStatus, opts: { output?: unknown; error?: RunError } = {}): Promise<void> {
  // finishRun locks the Run row before the balance row; against code taking them otherwise a deadlock is retried.
  await retryOnDeadlock(() => db.$transaction((tx) => finishRun(tx, run, status, { ...opts, actor: { type: "system", label: "gateway" } })));
}
