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

function compiled(expr: string): jsonata.Expression {
  let hit = cache.get(expr);
  if (hit) return hit;
  hit = jsonata(expr, options);
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
