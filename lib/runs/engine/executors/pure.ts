import { evaluateExpression } from "@/lib/workflows/evaluate-expression";
import { ExpressionError } from "@/lib/workflows/expressions";
import type { WorkflowNode } from "@/lib/schemas/workflow-graph";
import { chooseBranch, previousOutput } from "../routing";
import { StepError } from "../step-error";
import type { ExecContext } from "./types";

// Steps without side effects: trigger, transform, condition, output. They run once (no
// retry: the same expression on the same data fails the same way) and are cheap to redo.

type PureResult = { input: unknown; output: unknown };

async function evaluate(expr: string, ctx: ExecContext): Promise<unknown> {
  try {
    return await evaluateExpression(expr, ctx.scope);
  } catch (err) {
    if (err instanceof ExpressionError) throw new StepError("expression_error", err.message, false);
    throw err;
  }
}

export async function runPure(node: WorkflowNode, ctx: ExecContext): Promise<PureResult> {
  switch (node.type) {
    case "trigger":
      return { input: null, output: ctx.run.input };
    case "transform":
      return { input: { expression: node.config.expression }, output: await evaluate(node.config.expression, ctx) };
    case "condition": {
      const result = await evaluate(node.config.expression, ctx);
      const branch = chooseBranch(ctx.graph, node.id, result);
      if (branch === null) {
        throw new StepError("no_branch", `The condition's result (${JSON.stringify(result)?.slice(0, 100)}) matches no branch and there is no "default" branch`, false, { result });
      }
      return { input: { expression: node.config.expression }, output: { result, branch } };
    }
    case "output": {
      const output = node.config.expression ? await evaluate(node.config.expression, ctx) : previousOutput(ctx.graph, node.id, ctx.outcomes);
      return { input: node.config.expression ? { expression: node.config.expression } : null, output };
    }
    default:
      throw new Error(`runPure: ${node.type} is not a pure step`);
  }
}

export const PURE_TYPES = new Set(["trigger", "transform", "condition", "output"]);
