import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { ThreadReply } from "./expression-thread";
import { EXPRESSION_LIMITS, ExpressionError, fillTemplate, templateExpressions, type ExpressionScope } from "./expressions";

// Expressions run in worker threads (expression-thread.ts). JSONata checks its time limit only
// between evaluation steps, so a single builtin ($sort or $distinct of a long array, $toMillis
// with a picture, which builds a native RegExp) could run far past it and stall every run of
// the process. A thread is terminated at the hard deadline, whatever it is doing.

/** JSONata's own limit plus a grace period: past it the thread is terminated. */
export const EXPRESSION_HARD_DEADLINE_MS = EXPRESSION_LIMITS.timeout + 500;
const THREAD_URL = new URL("./expression-thread.ts", import.meta.url);
// Evaluations are CPU-bound: more threads than cores would not finish sooner. Beyond this many
// at once, evaluations wait for a thread.
const MAX_THREADS = Math.min(8, Math.max(2, availableParallelism()));
// Memory per thread. Node enforces it on a best-effort basis: one huge allocation can still end
// the process, so large inputs are bounded upstream too (1 MiB bodies, 256 KiB HTTP responses).
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 };

const idle: Worker[] = [];
const waiting: (() => void)[] = [];
let busy = 0;

function spawn(): Worker {
  const worker = new Worker(THREAD_URL, { workerData: { ...EXPRESSION_LIMITS }, resourceLimits: RESOURCE_LIMITS });
  // An idle thread does not keep the process alive; a pending evaluation's timer does.
  worker.unref();
  // A running evaluation hears of its thread's failure (runOn); an idle thread that fails is
  // just dropped, instead of an unhandled 'error' event ending the process.
  worker.on("error", () => {});
  worker.once("exit", () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  });
  return worker;
}

// One thread is kept starting or idle while there is room, so an evaluation beside a slow one
// does not wait for a thread to boot (~0.1 s).
function keepSpare(): void {
  if (idle.length === 0 && busy < MAX_THREADS) idle.push(spawn());
}

async function acquire(): Promise<Worker> {
  while (busy >= MAX_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
  busy++;
  const worker = idle.pop() ?? spawn();
  keepSpare();
  return worker;
}

function release(worker: Worker, reusable: boolean): void {
  busy--;
  if (reusable) idle.push(worker);
  else void worker.terminate();
  keepSpare();
  waiting.shift()?.();
}

type Outcome = { kind: "reply"; reply: ThreadReply } | { kind: "deadline" } | { kind: "out_of_memory" } | { kind: "crashed"; error: Error };

function runOn(worker: Worker, expr: string, scope: ExpressionScope): Promise<Outcome> {
  return new Promise((resolve) => {
    const settle = (outcome: Outcome) => {
      clearTimeout(timer);
      worker.off("message", onMessage).off("error", onError).off("exit", onExit);
      resolve(outcome);
    };
    const onMessage = (reply: ThreadReply) => settle({ kind: "reply", reply });
    const onError = (error: Error & { code?: string }) => settle(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? { kind: "out_of_memory" } : { kind: "crashed", error });
    const onExit = (code: number) => settle({ kind: "crashed", error: new Error(`The expression thread exited (code ${code})`) });
    const timer = setTimeout(() => settle({ kind: "deadline" }), EXPRESSION_HARD_DEADLINE_MS);
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    try {
      worker.postMessage({ expr, scope });
    } catch (error) {
      settle({ kind: "crashed", error: error as Error });
    }
  });
}

/** Evaluates to plain JSON (JSONata sequences become arrays; undefined becomes null). */
export async function evaluateExpression(expr: string, scope: ExpressionScope): Promise<unknown> {
  const worker = await acquire();
  const outcome = await runOn(worker, expr, scope);
  release(worker, outcome.kind === "reply");
  switch (outcome.kind) {
    case "reply":
      if (!outcome.reply.ok) throw new ExpressionError(outcome.reply.message, expr);
      return JSON.parse(outcome.reply.json);
    case "deadline":
      throw new ExpressionError(`Expression failed: it ran longer than ${EXPRESSION_LIMITS.timeout} ms and was stopped`, expr);
    case "out_of_memory":
      throw new ExpressionError(`Expression failed: it needed more than ${RESOURCE_LIMITS.maxOldGenerationSizeMb} MB of memory and was stopped`, expr);
    case "crashed":
      // Not the expression's fault (the thread could not start, say): the engine retries the step.
      throw outcome.error;
  }
}

/** Replaces each {{ expr }} with its value (strings as is, anything else as JSON); parts one after another. */
export async function renderTemplate(template: string, scope: ExpressionScope): Promise<string> {
  const values: unknown[] = [];
  for (const expr of templateExpressions(template)) values.push(await evaluateExpression(expr, scope));
  return fillTemplate(template, values);
}
