// Per-evaluation overhead of the expression sandbox: a trivial expression evaluated N times in
// sequence (default 2,000), after one warm-up. Run: npx tsx bench/expression-overhead.ts [N]
import { evaluateExpression } from "../lib/workflows/evaluate-expression";

const n = Number(process.argv[2] ?? 2000);
const scope = { input: { a: 1 }, steps: {} };
const boot = performance.now();
await evaluateExpression("input.a + 1", scope);
const first = performance.now() - boot;
const start = performance.now();
for (let i = 0; i < n; i++) {
  const value = await evaluateExpression("input.a + 1", { input: { a: i }, steps: {} });
  if (value !== i + 1) throw new Error(`wrong value ${String(value)}`);
}
const total = performance.now() - start;
console.log(`first evaluation (boot): ${first.toFixed(1)} ms; ${n} sequential: ${total.toFixed(0)} ms, ${((total / n) * 1000).toFixed(0)} µs each`);
