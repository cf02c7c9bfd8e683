import jsonata from "jsonata";
import { regexProblem } from "./safe-regex";

// JSONata for every expression and template in a workflow. The scope an expression sees is
// `{ input, steps: { <nodeId>: { output } } }`. This module parses and inspects expressions (the
// web process validates graphs with it); evaluate-expression.ts runs them, in a child process with a
// hard deadline and its own heap, so a hostile expression cannot hang or crash a worker.

export type ExpressionScope = { input: unknown; steps: Record<string, { output: unknown }> };

/** Evaluation limits: JSONata's own time check (ms) and recursion depth. */
export const EXPRESSION_LIMITS = { timeout: 1000, stack: 500 } as const;
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

/** The first regex literal (`/…/flags`) of the AST that RE2 cannot run, as a message. */
function regexLiteralProblem(ast: jsonata.ExprNode): string | null {
  const stack: unknown[] = [ast];
  const seen = new Set<object>();
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    const n = node as { type?: string; value?: unknown };
    if (n.type === "regex" && n.value instanceof RegExp) {
      const problem = regexProblem(n.value.source, n.value.flags);
      if (problem) return problem;
    }
    for (const v of Object.values(node)) if (v && typeof v === "object") stack.push(v);
  }
  return null;
}

function parse(expr: string): jsonata.Expression {
  const hit = cache.get(expr);
  if (hit) return hit;
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(expr, EXPRESSION_LIMITS);
  } catch (err) {
    throw new ExpressionError(`Invalid expression: ${(err as Error).message}`, expr);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(expr, compiled);
  return compiled;
}

/** Parses, and refuses regex literals RE2 cannot run (they would fail every evaluation). */
function compile(expr: string): jsonata.Expression {
  const compiled = parse(expr);
  const regex = regexLiteralProblem(compiled.ast());
  if (regex) throw new ExpressionError(`Invalid expression: ${regex}`, expr);
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

/** The message of a regex literal RE2 cannot run, or null (also null when the expression does not parse). */
export function expressionRegexError(expr: string): string | null {
  let parsed: jsonata.Expression;
  try {
    parsed = parse(expr);
  } catch {
    return null;
  }
  return regexLiteralProblem(parsed.ast());
}

/** The expressions inside a template's {{ }} parts. */
export function templateExpressions(template: string): string[] {
  return [...template.matchAll(TEMPLATE_PART)].map((m) => m[1].trim()).filter(Boolean);
}

/** Replaces each {{ expr }} with the value of its expression, in order (strings as is, anything else as JSON). */
export function fillTemplate(template: string, values: unknown[]): string {
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
