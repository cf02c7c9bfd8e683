import jsonata from "jsonata";

// JSONata for every expression and template in a workflow. The scope an expression sees is
// `{ input, steps: { <nodeId>: { output } } }`. Evaluation is bounded (time and recursion
// depth) so a hostile expression cannot hang a worker.

export type ExpressionScope = { input: unknown; steps: Record<string, { output: unknown }> };

const LIMITS = { timeout: 1000, stack: 500 } as const;
const TEMPLATE_PART = /\{\{([\s\S]*?)\}\}/g;
const cache = new Map<string, jsonata.Expression>();

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(message);
    this.name = "ExpressionError";
  }
}

function compile(expr: string): jsonata.Expression {
  const hit = cache.get(expr);
  if (hit) return hit;
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expr, LIMITS);
  } catch (err) {
    throw new ExpressionError(`Invalid expression: ${(err as Error).message}`, expr);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(expr, compiled);
  return compiled;
}

/** The syntax error of an expression, or null when it parses. */
export function expressionSyntaxError(expr: string): string | null {
  try {
    compile(expr);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Evaluates to plain JSON (JSONata sequences become arrays; undefined becomes null). */
export async function evaluateExpression(expr: string, scope: ExpressionScope): Promise<unknown> {
  let result: unknown;
  try {
    result = await compile(expr).evaluate(scope);
  } catch (err) {
    if (err instanceof ExpressionError) throw err;
    throw new ExpressionError(`Expression failed: ${(err as Error).message}`, expr);
  }
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}

/** The expressions inside a template's {{ }} parts. */
export function templateExpressions(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PART)].map((m) => m[1].trim()).filter(Boolean);
}

/** Replaces each {{ expr }} with its value (strings as is, anything else as JSON). */
export async function renderTemplate(template: string, scope: ExpressionScope): Promise<string> {
  const parts = templateExpressions(template);
  const values = await Promise.all(parts.map((e) => evaluateExpression(e, scope)));
  let i = 0;
  return template.replace(TEMPLATE_PART, (whole, inner: string) => {
    if (!inner.trim()) return whole;
    const v = values[i++];
    return typeof v === "string" ? v : v === null ? "" : JSON.stringify(v);
  });
}

/** Node ids an expression reads as `steps.<id>` (from the parsed AST, not text matching). */
export function referencedSteps(expr: string): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as { type?: string; steps?: { type?: string; value?: unknown }[] };
    if (n.type === "path" && Array.isArray(n.steps) && n.steps[0]?.type === "name" && n.steps[0].value === "steps" && n.steps[1]?.type === "name") {
      found.add(String(n.steps[1].value));
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(compile(expr).ast());
  return [...found];
}
