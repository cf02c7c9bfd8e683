// Nothing a tenant sends may crash a process. Expressions run in child processes with a 256 MB
// heap: an expression that exhausts it (JSONata's sort needs memory quadratic in the array) fails
// with an ExpressionError and its child is replaced, where a worker thread's exhausted heap could
// abort the whole run worker. Children never outlive the process that started them.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExpressionError } from "@/lib/workflows/expressions";
import {
  EXPRESSION_HARD_DEADLINE_MS,
  EXPRESSION_MAX_SORT_ITEMS,
  EXPRESSION_MEMORY_MB,
  evaluateExpression,
} from "@/lib/workflows/evaluate-expression";

const scope = (input: unknown) => ({ input, steps: {} });
// A bounded expression (input.a + 1) is evaluated in this process; these tests are about the children.
const CHILD = { where: "child" } as const;
const linux = process.platform === "linux";

/** Living (not zombie) child processes of `pid`, from /proc (Linux). */
function childPids(pid = process.pid): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const text = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
    if (text) pids.push(...text.split(/\s+/).map(Number));
  }
  return pids.filter(alive);
}

function alive(pid: number): boolean {
  try {
    // The state follows the command name in parentheses; Z is a zombie, X dead.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return condition();
}

describe("an expression that exhausts its heap", () => {
  it(`[1..300000]^($) (order-by: JSONata's quadratic sort) five times: each an ExpressionError naming ${EXPRESSION_MEMORY_MB} MB, this process alive, the next expression right`, async () => {
    const messages: string[] = [];
    for (let i = 0; i < 5; i++) {
      const failure = await evaluateExpression("$count([1..300000]^($))", scope({})).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ExpressionError);
      messages.push((failure as Error).message);
      expect(await evaluateExpression("input.a + 1", scope({ a: i }), CHILD)).toBe(i + 1);
    }
    // Each reached the heap limit (~0.9 s); on a loaded machine one may meet a deadline first.
    for (const message of messages) expect(message).toMatch(/needed more than \d+ MB of memory and was stopped|ran longer than \d+ ms|Evaluation timeout/);
    expect(messages.some((m) => m === `Expression failed: it needed more than ${EXPRESSION_MEMORY_MB} MB of memory and was stopped`)).toBe(true);
    expect(process.exitCode ?? 0).toBe(0);
  }, 60_000);

  it(`$sort([1..300000]) five times: refused (more than ${EXPRESSION_MAX_SORT_ITEMS.toLocaleString("en-US")} items) with an ExpressionError, then a normal expression evaluates`, async () => {
    for (let i = 0; i < 5; i++) {
      const failure = await evaluateExpression("$sort([1..300000])", scope({})).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(ExpressionError);
      expect((failure as Error).message).toBe("Expression failed: $sort takes at most 10,000 items; this array has 300,000");
    }
    expect(await evaluateExpression("input.a + 1", scope({ a: 41 }), CHILD)).toBe(42);
  }, 30_000);

  it(`$sort of exactly ${EXPRESSION_MAX_SORT_ITEMS} items still sorts, with and without a comparator`, async () => {
    const sorted = `($s := $sort($reverse([1..${EXPRESSION_MAX_SORT_ITEMS}])); [$s[0], $s[-1], $count($s)])`;
    expect(await evaluateExpression(sorted, scope({}))).toEqual([1, EXPRESSION_MAX_SORT_ITEMS, EXPRESSION_MAX_SORT_ITEMS]);
    await expect(evaluateExpression(`$sort([0..${EXPRESSION_MAX_SORT_ITEMS}])`, scope({}))).rejects.toThrow(ExpressionError);
    expect(await evaluateExpression("$sort(input.xs, function($a, $b) { $a < $b })", scope({ xs: [1, 3, 2] }))).toEqual([3, 2, 1]);
    expect(await evaluateExpression("$sort(input.x)", scope({ x: 5 }))).toEqual([5]);
    expect(await evaluateExpression("$sort(input.missing)", scope({}))).toBeNull();
  }, 30_000);
});

describe.runIf(linux)("the pool of child processes", () => {
  it("a child killed at the deadline is gone and the pool goes on with fresh ones", async () => {
    await evaluateExpression("1", scope({}), CHILD);
    const before = new Set(childPids());
    const slow = evaluateExpression("$count($distinct([1..200000]))", scope({})).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 300));
    const during = childPids();
    const failure = await slow;
    expect(failure).toBeInstanceOf(ExpressionError);
    expect((failure as Error).message).toMatch(/ran longer than \d+ ms and was stopped/);
    // SIGKILL is sent when the deadline passes; the process is gone moments later.
    await until(() => during.some((pid) => !alive(pid)), 2000);
    const killed = during.filter((pid) => !alive(pid));
    expect(killed).toHaveLength(1);
    // The killed one was a child running at the time, never a new spare.
    expect(before.has(killed[0]) || during.includes(killed[0])).toBe(true);
    for (let i = 0; i < 3; i++) expect(await evaluateExpression("input.a * 2", scope({ a: i }), CHILD)).toBe(i * 2);
    expect(childPids().length).toBeGreaterThanOrEqual(1);
    expect(childPids()).not.toContain(killed[0]);
  }, 20_000);

  it(`several evaluations at once, one stopped at the deadline (${EXPRESSION_HARD_DEADLINE_MS} ms), each get their own answer`, async () => {
    const slow = evaluateExpression("$count($distinct([1..200000]))", scope({})).catch((err: unknown) => err);
    const quick = await Promise.all(Array.from({ length: 20 }, (_, i) => evaluateExpression("input.a + 1", scope({ a: i }), CHILD)));
    expect(quick).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await slow).toBeInstanceOf(ExpressionError);
  }, 20_000);
});

describe.runIf(linux)("children never outlive their parent", () => {
  const modulePath = path.resolve("lib/workflows/evaluate-expression.ts");

  /** Starts a process that evaluates an expression, prints its children's pids and then `then`s. */
  function parent(then: "wait" | "exit") {
    const dir = mkdtempSync(path.join(tmpdir(), "expression-sandbox-"));
    const script = path.join(dir, "parent.mts");
    writeFileSync(
      script,
      `import { readdirSync, readFileSync } from "node:fs";
const { evaluateExpression } = await import(${JSON.stringify(modulePath)});
if ((await evaluateExpression("input.a + 1", { input: { a: 1 }, steps: {} }, { where: "child" })) !== 2) process.exit(3);
const pids = readdirSync("/proc/self/task").flatMap((t) => readFileSync("/proc/self/task/" + t + "/children", "utf8").trim().split(/\\s+/).filter(Boolean));
console.log(JSON.stringify(pids.map(Number)));
${then === "wait" ? "setInterval(() => {}, 1000);" : ""}
`,
    );
    // node with tsx's loader (not the tsx CLI, which would run node as its own child): the pid
    // killed below is the parent of the expression processes.
    const proc = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["ignore", "pipe", "inherit"], cwd: process.cwd() });
    const pids = new Promise<number[]>((resolve, reject) => {
      let out = "";
      proc.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]) as number[]);
      });
      proc.once("exit", (code) => reject(new Error(`parent exited (${code}) before printing: ${out}`)));
    });
    const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
    return { proc, pids, exited, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }

  it("a parent killed with SIGKILL: its children exit on their own (the IPC channel closed)", async () => {
    const p = parent("wait");
    try {
      const pids = await p.pids;
      expect(pids.length).toBeGreaterThanOrEqual(1);
      p.proc.kill("SIGKILL");
      await p.exited;
      expect(await until(() => pids.every((pid) => !alive(pid)), 5000)).toBe(true);
    } finally {
      p.proc.kill("SIGKILL");
      p.cleanup();
    }
  }, 30_000);

  it("a parent with nothing left to do exits (idle children do not keep it alive) and takes its children with it", async () => {
    const p = parent("exit");
    try {
      const pids = await p.pids;
      expect(pids.length).toBeGreaterThanOrEqual(1);
      expect(await Promise.race([p.exited, new Promise((r) => setTimeout(() => r("still running"), 10_000))])).toBe(0);
      expect(await until(() => pids.every((pid) => !alive(pid)), 5000)).toBe(true);
    } finally {
      p.proc.kill("SIGKILL");
      p.cleanup();
    }
  }, 30_000);
});
