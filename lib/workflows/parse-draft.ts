import type { z } from "zod";
import { workflowNode, type DraftGraph, type GraphIssue, type WorkflowGraph, type WorkflowNode } from "@/lib/schemas/workflow-graph";

// A draft is saved as the user left it, unfinished steps included. Each step is checked on its
// own: a finished one gets its defaults filled in; an unfinished one is kept as it is and its
// field errors become `invalid_config` issues, so the checks that read a step's config
// (expressions, schemas, connections) skip it instead of reading half-typed values.

export type ParsedDraft = {
  /** The draft with every finished step parsed; unfinished steps as stored. */
  graph: WorkflowGraph;
  /** Ids of the steps whose config does not pass the step's schema. */
  unfinished: Set<string>;
  /** One `invalid_config` issue per field error of an unfinished step. */
  issues: GraphIssue[];
};

// zod's defaults read like a type checker; a person wants "Required".
function friendly(issue: z.core.$ZodIssue): string {
  if (issue.code === "too_small" && issue.origin === "string" && issue.minimum === 1) return "Required";
  if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return "Required";
  return issue.message;
}

function fieldOf(path: PropertyKey[]): string {
  const [part, ...rest] = path;
  if (part === "config") return rest.length ? rest.map(String).join(".") : "config";
  return String(part ?? "config");
}

export function parseDraft(draft: DraftGraph): ParsedDraft {
  const unfinished = new Set<string>();
  const issues: GraphIssue[] = [];
  const nodes = draft.nodes.map((raw): WorkflowNode => {
    const parsed = workflowNode.safeParse(raw);
    if (parsed.success) return parsed.data;
    unfinished.add(raw.id);
    for (const issue of parsed.error.issues) {
      const field = fieldOf(issue.path);
      issues.push({ code: "invalid_config", message: `${field}: ${friendly(issue)}`.slice(0, 500), nodeId: raw.id, field });
    }
    return raw as unknown as WorkflowNode;
  });
  return { graph: { formatVersion: draft.formatVersion, nodes, edges: draft.edges }, unfinished, issues };
}
