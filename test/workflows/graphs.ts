import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/core/ids";
import { workflowGraph, type WorkflowGraph } from "@/lib/schemas/workflow-graph";

// Small graph builders for the workflow tests.

export const trigger = (id = "trigger", inputSchema: object = { type: "object" }) => ({ id, type: "trigger" as const, config: { inputSchema } });
export const transform = (id: string, expression = '"x"') => ({ id, type: "transform" as const, config: { expression } });
export const condition = (id: string, expression = "input.ok") => ({ id, type: "condition" as const, config: { expression } });
export const output = (id = "output", expression?: string) => ({ id, type: "output" as const, config: expression ? { expression } : {} });
export const llm = (id: string, config: Record<string, unknown> = {}) => ({ id, type: "llm" as const, config: { prompt: "Say hi to {{ input.name }}", ...config } });
export const http = (id: string, connectionId: string, config: Record<string, unknown> = {}) => ({ id, type: "http" as const, config: { connectionId, path: "/items", ...config } });
export const approval = (id: string, message = "Approve {{ input.name }}?") => ({ id, type: "approval" as const, config: { message } });
export const edge = (source: string, target: string, branch?: string, id = `${source}__${target}${branch ? `__${branch}` : ""}`) => ({ id, source, target, ...(branch ? { branch } : {}) });

/** Parses through the schema (defaults filled), as the API does before validation. */
export const graph = (nodes: object[], edges: object[]): WorkflowGraph => workflowGraph.parse({ nodes, edges });

/** trigger → each step in order → output. */
export function chain(...steps: Array<{ id: string }>): WorkflowGraph {
  const nodes = [trigger(), ...steps, output()];
  const edges = nodes.slice(1).map((n, i) => edge(nodes[i].id, n.id));
  return graph(nodes, edges);
}

/** A connection row of a project, inserted directly (no secret: validation only looks at type and project). */
export async function insertConnection(opts: { workspaceId: string; projectId: string; type: "api_key" | "oauth2" | "database" | "whatsapp" }) {
  return db.connection.create({
    data: {
      id: newId("connection"),
      workspaceId: opts.workspaceId,
      projectId: opts.projectId,
      name: `conn ${randomBytes(3).toString("hex")}`,
      type: opts.type,
      provider: opts.type === "database" ? "postgres" : opts.type === "oauth2" ? "google" : opts.type === "whatsapp" ? "whatsapp" : "github",
    },
  });
}
