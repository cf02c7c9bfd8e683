import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import type { Prisma, Workflow, WorkflowVersion } from "@/lib/generated/prisma/client";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { helloGraph } from "@/lib/workflows/templates";

type CreateTestWorkflowOptions = {
  workspaceId: string;
  projectId: string;
  /** Parsed with the graph schema (defaults filled in); default: the hello graph. */
  graph?: unknown;
  slug?: string;
  name?: string;
  /** Also publish version 1 (default true). */
  publish?: boolean;
  createdById?: string | null;
};

/** A workflow (and, unless publish is false, its version 1) inserted directly — no audit entry. */
export async function createTestWorkflow(opts: CreateTestWorkflowOptions): Promise<{ workflow: Workflow; version: WorkflowVersion | null; graph: WorkflowGraph }> {
  const graph = workflowGraph.parse(opts.graph ?? helloGraph());
  const slug = opts.slug ?? `wf-${randomBytes(4).toString("hex")}`;
  const publish = opts.publish ?? true;
  return db.$transaction(async (tx) => {
    const workflow = await tx.workflow.create({
      data: {
        id: newId("workflow"),
        workspaceId: opts.workspaceId,
        projectId: opts.projectId,
        slug,
        name: opts.name ?? `Workflow ${slug}`,
        draft: graph as Prisma.InputJsonObject,
        latestVersion: publish ? 1 : 0,
        createdById: opts.createdById ?? null,
      },
    });
    const version = publish
      ? await tx.workflowVersion.create({
          data: {
            id: newId("workflowVersion"),
            workspaceId: opts.workspaceId,
            projectId: opts.projectId,
            workflowId: workflow.id,
            number: 1,
            graph: graph as Prisma.InputJsonObject,
            publishedById: opts.createdById ?? null,
          },
        })
      : null;
    return { workflow, version, graph };
  });
}

/** trigger → approval gate ("Ship it?") → output: a run that stops at waiting_approval. */
export const GATE_GRAPH = {
  nodes: [
    { id: "trigger", type: "trigger", config: { inputSchema: { type: "object" } } },
    { id: "gate", type: "approval", config: { message: "Ship it?" } },
    { id: "output", type: "output", config: {} },
  ],
  edges: [
    { id: "e1", source: "trigger", target: "gate" },
    { id: "e2", source: "gate", target: "output" },
  ],
};
