// Bounded expressions (lib/workflows/expressions.ts) are evaluated in the asking process, every
// other one in a child process with a hard deadline and its own heap (evaluate-expression.ts). A
// bounded one gives exactly what a child gives, and nothing that can run long or grow beyond its
// data is bounded.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateExpression } from "@/lib/workflows/evaluate-expression";
import { boundedExpression, ExpressionError, type ExpressionScope } from "@/lib/workflows/expressions";
import { helloGraph } from "@/lib/workflows/templates";

const greet = helloGraph().nodes.find((n) => n.id === "greet")!;
const helloTransform = "expression" in greet.config ? String(greet.config.expression) : "";

const BOUNDED = [
  helloTransform,
  "input.name",
  "steps.greet.output.greeting",
  "$",
  "$$.input.name",
  "$.input.items.price",
  '"text"',
  "42",
  "true",
  "null",
  "[1, input.a, -input.b]",
  '{"a": input.a, "b": [input.b, "x"], "c": {"d": input.a * 2}}',
  'input.a > 3 ? "big" : "small"',
  "input.a > 3 ? input.a",
  '"x" in input.tags',
  "input.a + input.b - 1 * 2 / 4 % 3",
  'input.a = 1 and input.b != 2 or input.a <= input.b',
  'input.name & " " & input.a',
];

const UNBOUNDED = [
  "$sum(input.a)",
  "[1..5]",
  "[1..100000000]",
  "input.items[0]",
  "input.items[price > 3]",
  'input{"a": b}',
  "input.items.{'p': price}",
  "input.a ~> $string()",
  "function($x) { $x }",
  "$foo",
  "$string",
  "input.*",
  "input.**",
  "input.items^(price)",
  '$match(input.s, /a+/)',
  "(input.a; input.b)",
  "($x := 1; $x)",
  "input.items#$i",
  "input.a[]",
  `${"input.a + ".repeat(16)}input.a`,
  `"${"x".repeat(1000)}"`,
  "input.(",
  "",
];

const scopes: ExpressionScope[] = [
  { input: { name: "Ada", a: 5, b: 2, tags: ["x", "y"], items: [{ price: 1 }, { price: 4 }] }, steps: { greet: { output: { greeting: "Hello, Ada!" } } } },
  { input: { name: "Bob", a: 1, b: 1, tags: [], items: [] }, steps: {} },
  { input: {}, steps: {} },
  { input: { name: ["a", "b"], a: "not a number", b: null, tags: "x", items: { price: 2 } }, steps: { greet: { output: null } } },
];

/** A value or the error's message, to compare two evaluations. */
async function outcome(fn: () => Promise<unknown>): Promise<{ value: unknown } | { error: string; expressionError: boolean }> {
  try {
    return { value: await fn() };
  } catch (err) {
    return { error: (err as Error).message, expressionError: err instanceof ExpressionError };
  }
}

describe("bounded expressions", () => {
  it.each(BOUNDED)("%s is bounded", (expr) => {
    expect(boundedExpression(expr)).not.toBeNull();
  });

  it.each(UNBOUNDED.map((e) => [e.length > 60 ? `${e.slice(0, 60)}… (${e.length} chars)` : e, e]))("%s is not (a child evaluates it)", (_label, expr) => {
    expect(boundedExpression(expr)).toBeNull();
  });

  it("each bounded expression gives in this process exactly what a child gives: the same JSON, or the same error", { timeout: 60_000 }, async () => {
    /** Every own key of every object and array in `v` (an evaluation must not mark its input, e.g. an array as a sequence). */
    const shape = (v: unknown): unknown => (v && typeof v === "object" ? Object.fromEntries(Reflect.ownKeys(v).map((k) => [String(k), shape((v as Record<PropertyKey, unknown>)[k])])) : v);
    for (const expr of BOUNDED) {
      for (const scope of scopes) {
        const before = shape(scope);
        const here = await outcome(() => evaluateExpression(expr, scope));
        expect([expr, shape(scope)]).toEqual([expr, before]);
        const there = await outcome(() => evaluateExpression(expr, scope, { where: "child" }));
        expect([expr, scope, here]).toEqual([expr, scope, there]);
      }
    }
    expect(await evaluateExpression(helloTransform, scopes[0])).toEqual({ greeting: "Hello, Ada!" });
    await expect(evaluateExpression("input.a + 1", scopes[3])).rejects.toThrow(ExpressionError);
  });

  it.runIf(process.platform === "linux")("a process evaluating the hello workflow's transform starts no child process; a function call starts one", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bounded-expression-"));
    const script = path.join(dir, "evaluate.mts");
    const modulePath = path.resolve("lib/workflows/evaluate-expression.ts");
    writeFileSync(
      script,
      `import { readdirSync, readFileSync } from "node:fs";
const { evaluateExpression } = await import(${JSON.stringify(modulePath)});
// Expression processes among this process's children (tsx's esbuild service is one too).
const children = () =>
  readdirSync("/proc/self/task")
    .flatMap((t) => readFileSync("/proc/self/task/" + t + "/children", "utf8").trim().split(/\\s+/).filter(Boolean))
    .filter((pid) => { try { return readFileSync("/proc/" + pid + "/cmdline", "utf8").includes("expression-process"); } catch { return false; } }).length;
const scope = { input: { name: "Ada" }, steps: {} };
const hello = await evaluateExpression(${JSON.stringify(helloTransform)}, scope);
const afterHello = children();
const upper = await evaluateExpression("$uppercase(input.name)", scope);
console.log(JSON.stringify({ hello, afterHello, upper, afterCall: children() }));
process.exit(0);
`,
    );
    try {
      const out = await new Promise<string>((resolve, reject) => {
        const proc = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"], cwd: process.cwd() });
        let text = "";
        proc.stdout.on("data", (d: Buffer) => (text += d.toString()));
        proc.once("exit", (code) => (code === 0 ? resolve(text) : reject(new Error(`exited ${code}: ${text}`))));
      });
      const result = JSON.parse(out.trim().split("\n").at(-1)!) as { hello: unknown; afterHello: number; upper: unknown; afterCall: number };
      expect(result).toMatchObject({ hello: { greeting: "Hello, Ada!" }, afterHello: 0, upper: "ADA" });
      expect(result.afterCall).toBeGreaterThanOrEqual(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
