import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { templateExpressions } from "./expressions";

// Where each node type keeps JSONata (whole-field expressions, and templates whose {{ }}
// parts are expressions) and JSON Schemas. Validation checks them; the editor can point at `field`.

type NodeExpression = { field: string; expression: string; inTemplate: boolean };

function fromTemplate(field: string, template: string | undefined): NodeExpression[] {
  return template === undefined ? [] : templateExpressions(template).map((expression) => ({ field, expression, inTemplate: true }));
}

function whole(field: string, expression: string | undefined): NodeExpression[] {
  return expression === undefined ? [] : [{ field, expression, inTemplate: false }];
}

/** Every expression a node evaluates, with the config field it comes from. */
export function nodeExpressions(node: WorkflowNode): NodeExpression[] {
  switch (node.type) {
    case "trigger":
      return [];
    case "llm":
      return [...fromTemplate("system", node.config.system), ...fromTemplate("prompt", node.config.prompt)];
    case "http":
      return [
        ...fromTemplate("path", node.config.path),
        ...Object.entries(node.config.headers).flatMap(([name, value]) => fromTemplate(`headers.${name}`, value)),
        ...whole("body", node.config.body),
      ];
    case "tool":
      return whole("arguments", node.config.arguments);
    case "transform":
    case "condition":
      return whole("expression", node.config.expression);
    case "approval":
      return fromTemplate("message", node.config.message);
    case "output":
      return whole("expression", node.config.expression);
  }
}

/** The JSON Schemas a node holds, with their config field. */
export function nodeSchemas(node: WorkflowNode): { field: string; schema: unknown }[] {
  if (node.type === "trigger") return [{ field: "inputSchema", schema: node.config.inputSchema }];
  if (node.type === "llm" && node.config.outputSchema !== undefined) return [{ field: "outputSchema", schema: node.config.outputSchema }];
  return [];
}
