import { parentPort, workerData } from "node:worker_threads";
import jsonata from "jsonata";

// A worker thread of evaluate-expression.ts: evaluates one JSONata expression at a time, with
// regex literals on RE2. Node loads this file itself (type stripping, or tsx in the worker
// process), never a bundler, so a local module is imported by its .ts path.

export type ThreadRequest = { expr: string; scope: unknown };
export type ThreadReply = { ok: true; json: string } | { ok: false; message: string };

const { SafeRegExp } = (await import(new URL("./safe-regex.ts", import.meta.url).href)) as typeof import("./safe-regex");
const options = { ...(workerData as { timeout: number; stack: number }), RegexEngine: SafeRegExp as unknown as RegExpConstructor };
const cache = new Map<string, jsonata.Expression>();

const messageOf = (err: unknown) => (err && typeof err === "object" && "message" in err ? String(err.message) : String(err));

// $toMillis with a picture turns the picture (a tenant's string) into a native, backtracking
// RegExp inside JSONata. For that one synchronous call the thread's global RegExp is RE2; nothing
// else runs in this thread meanwhile.
type ToMillis = (this: unknown, timestamp?: string, picture?: string) => number | undefined;
const builtinToMillis = ((await jsonata("$toMillis").evaluate({})) as { implementation: ToMillis }).implementation;
const re2RegExp = function (pattern: string, flags?: string) {
  return new SafeRegExp(pattern, flags);
} as unknown as RegExpConstructor;

function toMillis(this: unknown, timestamp?: string, picture?: string): number | undefined {
  if (picture === undefined) return builtinToMillis.call(this, timestamp);
  const native = globalThis.RegExp;
  globalThis.RegExp = re2RegExp;
  try {
    return builtinToMillis.call(this, timestamp, picture);
  } finally {
    globalThis.RegExp = native;
  }
}

function compiled(expr: string): jsonata.Expression {
  let hit = cache.get(expr);
  if (hit) return hit;
  hit = jsonata(expr, options);
  hit.registerFunction("toMillis", toMillis, "<s-s?:n>");
  if (cache.size > 1000) cache.clear();
  cache.set(expr, hit);
  return hit;
}

async function evaluate({ expr, scope }: ThreadRequest): Promise<ThreadReply> {
  let expression: jsonata.Expression;
  try {
    expression = compiled(expr);
  } catch (err) {
    return { ok: false, message: `Invalid expression: ${messageOf(err)}` };
  }
  try {
    const result: unknown = await expression.evaluate(scope);
    // Plain JSON out: sequences become arrays; undefined and functions become null.
    return { ok: true, json: JSON.stringify(result) ?? "null" };
  } catch (err) {
    return { ok: false, message: `Expression failed: ${messageOf(err)}` };
  }
}

parentPort!.on("message", (request: ThreadRequest) => {
  void evaluate(request).then((reply) => parentPort!.postMessage(reply));
});
