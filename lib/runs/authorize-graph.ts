import { authorizeIn } from "@/lib/access/authorize";
import type { TenantScope } from "@/lib/core/scope";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";

/**
 * What a caller must hold to run a graph, besides run.start: MCP tool steps call tools with
 * the project's credentials, so starting (or rerunning) a run that contains one needs
 * `mcp.execute` (a token: the `mcp:execute` scope).
 */
export function authorizeGraphFor(scope: Pick<TenantScope, "workspaceRole" | "principal" | "projectRole">): (graph: WorkflowGraph) => void {
  return (graph) => {
    if (graph.nodes.some((n) => n.type === "tool")) authorizeIn(scope, "mcp.execute", scope.projectRole);
  };
}
