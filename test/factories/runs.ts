import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { RunStatus } from "@/lib/generated/prisma/enums";

const EMPTY_GRAPH = { formatVersion: 1, nodes: [], edges: [] };

/** A run row of a workflow, inserted directly in the given status (no engine, no credits held). */
export async function createTestRun(
  wf: { id: string; workspaceId: string; projectId: string },
  opts: { status: RunStatus; createdAt?: Date; spent?: bigint },
) {
  return db.run.create({
    data: {
      id: newId("run"),
      workspaceId: wf.workspaceId,
      projectId: wf.projectId,
      workflowId: wf.id,
      graph: EMPTY_GRAPH,
      status: opts.status,
      trigger: "api",
      input: {},
      budget: 1_000_000n,
      ...(opts.spent !== undefined ? { spent: opts.spent } : {}),
      ...(opts.createdAt ? { createdAt: opts.createdAt } : {}),
    },
  });
}
