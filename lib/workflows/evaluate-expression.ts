import { fork, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";
import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildOptions, ChildReady, ChildReply } from "./expression-process";
import { boundedExpression, EXPRESSION_LIMITS, ExpressionError, fillTemplate, templateExpressions, type ExpressionScope } from "./expressions";

// Expressions run in child processes (expression-process.ts), except the bounded ones
// (expressions.ts: paths, literals, constructors, operators; no function, filter or range), which
// cannot run long or grow beyond the data they read: those are evaluated here, without the round
// trip (a `hello` run's transform, most templates). JSONata checks its time limit
// only between evaluation steps, so a single builtin ($sort or $distinct of a long array,
// $toMillis with a picture, which builds a native RegExp) could run far past it and stall every
// run of the process: a child is killed at the hard deadline, whatever it is doing. And a
// builtin can need more memory than any heap has (JSONata's sort is quadratic in memory): a
// worker thread running out of it could abort the whole process, a child only ends itself.

/** JSONata's own limit plus a grace period: past it the child process is killed. */
export const EXPRESSION_HARD_DEADLINE_MS = EXPRESSION_LIMITS.timeout + 500;
/** How long a child may take to boot before its first evaluation (then the engine retries the step). */
const CHILD_BOOT_DEADLINE_MS = 15_000;
/** Heap of each child process (--max-old-space-size): past it the evaluation fails. */
export const EXPRESSION_MEMORY_MB = 256;
/** $sort refuses longer arrays: JSONata's sort of 20,000 items would exhaust the heap above. */
export const EXPRESSION_MAX_SORT_ITEMS = 10_000;

// Worker and tests: the source file next to this one. Bundled into the web server (the editor's
// preview), import.meta.url is not this source file; the server runs from the project root,
// where the source is. Resolved at the first spawn, so a build never evaluates it.
let childPath: string | null = null;
function resolveChildPath(): string {
  if (childPath) return childPath;
  const fromRoot = path.join(process.cwd(), "lib", "workflows", "expression-process.ts");
  // Next.js sets NEXT_RUNTIME; its bundler may point import.meta.url at a copied asset.
  if (process.env.NEXT_RUNTIME) return (childPath = fromRoot);
  let local: string | null = null;
  try {
    local = fileURLToPath(String(new URL("./expression-process.ts", import.meta.url)));
  } catch {
    local = null;
  }
  childPath = local && existsSync(local) ? local : fromRoot;
  return childPath;
}
const CHILD_OPTIONS: ChildOptions = { ...EXPRESSION_LIMITS, maxSortItems: EXPRESSION_MAX_SORT_ITEMS };
// Evaluations are CPU-bound: more processes than cores would not finish sooner. Beyond this many
// at once, evaluations wait for a process.
const MAX_CHILDREN = Math.min(8, Math.max(2, availableParallelism()));
// Node >= 23.6 / 22.18 strips the child's types itself: it gets no flags of this process and no
// environment (no secrets, no NODE_OPTIONS), only TZ. A Node without type stripping (22.12–22.17)
// passes on this process's flags (tsx's loader under `npm run worker`) plus the experimental flag.
const STRIPS_TYPES = Boolean(process.features.typescript);
const EXEC_ARGV = [
  ...(STRIPS_TYPES ? [] : [...process.execArgv.filter((arg) => !/^--(inspect|debug|max-old-space-size)/.test(arg)), "--experimental-strip-types"]),
  `--max-old-space-size=${EXPRESSION_MEMORY_MB}`,
];
const CHILD_ENV: Record<string, string | undefined> = STRIPS_TYPES ? (process.env.TZ ? { TZ: process.env.TZ } : {}) : process.env;
const STDERR_TAIL = 4096;

type Child = { process: ChildProcess; ready: boolean; stderr: string };

const all = new Set<Child>();
const idle: Child[] = [];
const waiting: (() => void)[] = [];
let busy = 0;

// Children never outlive this process: killed when it exits, and a child exits by itself when
// its IPC channel closes (this process was killed).
process.once("exit", () => {
  for (const child of all) child.process.kill("SIGKILL");
});

// Called through spread arguments: the web bundler (Turbopack) would otherwise try to resolve
// the computed path as a module at build time and fail the build.
const forkChild = (...args: Parameters<typeof fork>) => fork(...args);

function spawn(): Child {
  const proc = forkChild(resolveChildPath(), [JSON.stringify(CHILD_OPTIONS)], {
    execArgv: EXEC_ARGV,
    env: CHILD_ENV as NodeJS.ProcessEnv,
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const child: Child = { process: proc, ready: false, stderr: "" };
  all.add(child);
  // An idle child does not keep this process alive; a pending evaluation's timer does.
  proc.unref();
  proc.channel?.unref();
  (proc.stderr as Socket | null)?.unref();
  // The tail of stderr tells an exhausted heap ("JavaScript heap out of memory") from a crash.
  proc.stderr?.setEncoding("utf8");
  proc.stderr?.on("data", (text: string) => (child.stderr = (child.stderr + text).slice(-STDERR_TAIL)));
  proc.on("message", (message: ChildReply | ChildReady) => {
    if ("ready" in message) child.ready = true;
  });
  // A running evaluation hears of its child's end (runOn); a failed spawn or kill of an idle
  // child just drops it, instead of an unhandled 'error' event ending the process.
  proc.on("error", () => {});
  proc.once("exit", () => {
    all.delete(child);
    const i = idle.indexOf(child);
    if (i >= 0) idle.splice(i, 1);
  });
  return child;
}

// One child is kept starting or idle while there is room, so an evaluation beside a slow one
// does not wait for a process to boot (~0.1 s).
function keepSpare(): void {
  if (idle.length === 0 && busy < MAX_CHILDREN) idle.push(spawn());
}

async function acquire(): Promise<Child> {
  while (busy >= MAX_CHILDREN) await new Promise<void>((resolve) => waiting.push(resolve));
  busy++;
  const child = idle.pop() ?? spawn();
  keepSpare();
  return child;
}

function release(child: Child, reusable: boolean): void {
  busy--;
  if (reusable) idle.push(child);
  else child.process.kill("SIGKILL");
  keepSpare();
  waiting.shift()?.();
}

type Outcome =
  | { kind: "reply"; reply: ChildReply }
  | { kind: "deadline" }
  | { kind: "ended"; code: number | null; signal: NodeJS.Signals | null }
  | { kind: "crashed"; error: Error };

function runOn(child: Child, expr: string, scope: ExpressionScope): Promise<Outcome> {
  const proc = child.process;
  return new Promise((resolve) => {
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      proc.off("message", onMessage).off("close", onClose).off("error", onError);
      resolve(outcome);
    };
    const onMessage = (message: ChildReply | ChildReady) => {
      if ("ready" in message) arm(EXPRESSION_HARD_DEADLINE_MS, { kind: "deadline" });
      else settle({ kind: "reply", reply: message });
    };
    // 'close' (not 'exit'): stderr has been read to its end, so an exhausted heap can be told.
    const onClose = (code: number | null, signal: NodeJS.Signals | null) => settle({ kind: "ended", code, signal });
    const onError = (error: Error) => settle({ kind: "crashed", error });
    // The expression's time runs from when its child is ready: a child still booting (slow on a
    // saturated machine) has its own, longer limit, and failing that is not the expression's fault.
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, outcome: Outcome) => {
      clearTimeout(timer);
      timer = setTimeout(() => settle(outcome), ms);
    };
    if (child.ready) arm(EXPRESSION_HARD_DEADLINE_MS, { kind: "deadline" });
    else arm(CHILD_BOOT_DEADLINE_MS, { kind: "crashed", error: new Error(`The expression process did not start within ${CHILD_BOOT_DEADLINE_MS} ms`) });
    proc.on("message", onMessage).on("close", onClose).on("error", onError);
    if (proc.exitCode !== null || proc.signalCode !== null || !proc.connected) {
      settle({ kind: "crashed", error: new Error("The expression process had ended before the evaluation") });
      return;
    }
    try {
      proc.send({ expr, scope }, (error) => {
        if (error) settle({ kind: "crashed", error });
      });
    } catch (error) {
      settle({ kind: "crashed", error: error as Error });
    }
  });
}

const outOfMemory = (child: Child) => /heap out of memory|Reached heap limit/i.test(child.stderr);

const messageOf = (err: unknown) => (err && typeof err === "object" && "message" in err ? String(err.message) : String(err));

/**
 * Evaluates to plain JSON (JSONata sequences become arrays; undefined becomes null). A bounded
 * expression is evaluated in this process, any other in a child; `where: "child"` sends a bounded
 * one to a child too (tests compare the two).
 */
export async function evaluateExpression(expr: string, scope: ExpressionScope, opts: { where?: "child" } = {}): Promise<unknown> {
  const bounded = opts.where === "child" ? null : boundedExpression(expr);
  if (bounded) {
    let result: unknown;
    try {
      result = await bounded.evaluate(scope);
    } catch (err) {
      throw new ExpressionError(`Expression failed: ${messageOf(err)}`, expr);
    }
    // What a child sends back: the value as JSON text.
    return JSON.parse(JSON.stringify(result) ?? "null");
  }
  const child = await acquire();
  const outcome = await runOn(child, expr, scope);
  release(child, outcome.kind === "reply");
  switch (outcome.kind) {
    case "reply":
      if (!outcome.reply.ok) throw new ExpressionError(outcome.reply.message, expr);
      return JSON.parse(outcome.reply.json);
    case "deadline":
      throw new ExpressionError(`Expression failed: it ran longer than ${EXPRESSION_LIMITS.timeout} ms and was stopped`, expr);
    case "ended":
      if (outOfMemory(child)) throw new ExpressionError(`Expression failed: it needed more than ${EXPRESSION_MEMORY_MB} MB of memory and was stopped`, expr);
      // A child that never came up is not the expression's fault: the engine retries the step.
      if (!child.ready) throw new Error(`The expression process could not start (${how(outcome)}): ${child.stderr.trim().slice(-500)}`);
      throw new ExpressionError(`Expression failed: its process ended during the evaluation (${how(outcome)})`, expr);
    case "crashed":
      // Not the expression's fault (the process could not start, say): the engine retries the step.
      throw outcome.error;
  }
}

const how = ({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }) => (signal ? `signal ${signal}` : `exit code ${code}`);

/** Replaces each {{ expr }} with its value (strings as is, anything else as JSON); parts one after another. */
export async function renderTemplate(template: string, scope: ExpressionScope): Promise<string> {
  const values: unknown[] = [];
  for (const expr of templateExpressions(template)) values.push(await evaluateExpression(expr, scope));
  return fillTemplate(template, values);
}
