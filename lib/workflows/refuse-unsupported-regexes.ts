import { ApiError } from "@/lib/core/errors";
import type { WorkflowGraph } from "@/lib/schemas/workflow-graph";
import { expressionRegexError } from "./expressions";
import { schemaRegexError } from "./json-schema";
import { nodeExpressions, nodeSchemas } from "./node-expressions";

// Other issues of a draft are saved and shown, but a regular expression RE2 cannot run
// (backreferences, lookaround) is refused when the graph is saved: it could never run, and
// running it on a backtracking engine instead is what would let one tenant stall a process.

/** Throws 422 with one detail per schema pattern or regex literal that RE2 cannot run. */
export function refuseUnsupportedRegexes(graph: WorkflowGraph, unfinished: Set<string> = new Set()): void {
  const details: { path: string; message: string }[] = [];
  for (const node of graph.nodes) {
    if (unfinished.has(node.id)) continue;
    for (const { field, schema } of nodeSchemas(node)) {
      const message = schemaRegexError(schema);
      if (message) details.push({ path: `graph.nodes.${node.id}.config.${field}`, message });
    }
    for (const { field, expression } of nodeExpressions(node)) {
      const message = expressionRegexError(expression);
      if (message) details.push({ path: `graph.nodes.${node.id}.config.${field}`, message });
    }
  }
  if (details.length) throw new ApiError("invalid_request", "The workflow uses regular expressions that cannot run on RE2", { details });
}
