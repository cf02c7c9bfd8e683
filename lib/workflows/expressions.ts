import jsonata from "jsonata";
import { regexProblem } from "./safe-regex";

// JSONata for every expression and template in a workflow. The scope an expression sees is
// `{ input, steps: { <nodeId>: { output } } }`. This module parses and inspects expressions (the
// web process validates graphs with it); evaluate-expression.ts runs them: a bounded one (below) in
// its own process, any other in a child process with a hard deadline and its own heap, so a hostile
// expression cannot hang or crash a worker.

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

// What an expression may contain to be evaluated in the asking process, without a child: nodes
// whose evaluation is linear in the expression and the data it reads (names and paths of names,
// $ and $$, literals, array and object constructors, arithmetic, comparison, concatenation, `in`,
// conditions). No function call, lambda, regex, sort, range, filter, grouping or other step: the
// things that can run long or need memory beyond the data (a range, $sort, a filter nested in a
// filter) all need one of those. Object constructors only ever see the scope object (path steps
// are names), so they do not group. A bounded count of references keeps the result within a
// small multiple of the data (each reference can copy all of it, `&` into a string).
const BOUNDED_OPERATORS = new Set(["+", "-", "*", "/", "%", "=", "!=", "<", "<=", ">", ">=", "&", "and", "or", "in"]);
const BOUNDED_MAX_LENGTH = 1000;
const BOUNDED_MAX_REFERENCES = 16;
const boundedCache = new Map<string, jsonata.Expression | null>();

/** Whether every node of `ast` is one of the bounded kinds above, with at most BOUNDED_MAX_REFERENCES paths and variables. */
function isBounded(ast: jsonata.ExprNode): boolean {
  let references = 0;
  const keysOk = (node: object, allowed: string[]) => Object.keys(node).every((k) => k === "type" || k === "position" || allowed.includes(k));
  const visit = (node: unknown): boolean => {
    if (!node || typeof node !== "object" || Array.isArray(node)) return false;
    const n = node as Record<string, unknown> & { type?: string; value?: unknown };
    switch (n.type) {
      case "string":
      case "number":
      case "value":
        return keysOk(n, ["value"]);
      case "variable":
        // $ (the scope) and $$ (its root) only: a named variable can be a built-in function.
        return keysOk(n, ["value"]) && (n.value === "" || n.value === "$") && ++references <= BOUNDED_MAX_REFERENCES;
      case "path": {
        if (!keysOk(n, ["steps", "keepSingletonArray"]) || !Array.isArray(n.steps) || n.steps.length === 0) return false;
        if (++references > BOUNDED_MAX_REFERENCES) return false;
        return n.steps.every((step: unknown, i: number) => {
          const s = step as { type?: string; value?: unknown } | null;
          if (!s || typeof s !== "object") return false;
          if (s.type === "name") return keysOk(s, ["value"]) && typeof s.value === "string";
          return i === 0 && s.type === "variable" && keysOk(s, ["value"]) && (s.value === "" || s.value === "$");
        });
      }
      case "binary":
        return keysOk(n, ["value", "lhs", "rhs"]) && BOUNDED_OPERATORS.has(String(n.value)) && visit(n.lhs) && visit(n.rhs);
      case "condition":
        return keysOk(n, ["condition", "then", "else"]) && visit(n.condition) && visit(n.then) && (n.else === undefined || visit(n.else));
      case "unary":
        if (n.value === "-") return keysOk(n, ["value", "expression"]) && visit(n.expression);
        if (n.value === "[") return keysOk(n, ["value", "expressions", "consarray"]) && Array.isArray(n.expressions) && n.expressions.every(visit);
        if (n.value === "{") {
          return (
            keysOk(n, ["value", "lhs"]) &&
            Array.isArray(n.lhs) &&
            n.lhs.every((pair: unknown) => Array.isArray(pair) && pair.length === 2 && visit(pair[0]) && visit(pair[1]))
          );
        }
        return false;
      default:
        return false;
    }
  };
  return visit(ast);
}

/**
 * The parsed expression when it is bounded (see above: evaluate-expression.ts then evaluates it
 * in its own process), else null (it runs in a child process, as every expression that does not
 * parse).
 */
export function boundedExpression(expr: string): jsonata.Expression | null {
  const hit = boundedCache.get(expr);
  if (hit !== undefined) return hit;
  let bounded: jsonata.Expression | null = null;
  if (expr.length <= BOUNDED_MAX_LENGTH) {
    try {
      const parsed = parse(expr);
      if (isBounded(parsed.ast())) bounded = parsed;
    } catch {
      bounded = null;
    }
  }
  if (boundedCache.size > 1000) boundedCache.clear();
  boundedCache.set(expr, bounded);
  return bounded;
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
