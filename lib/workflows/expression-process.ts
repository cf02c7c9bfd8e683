import jsonata from "jsonata";

// A child process of evaluate-expression.ts: evaluates one JSONata expression at a time, with
// regex literals on RE2. Node loads this file itself (type stripping; tsx's loader on a Node
// without it), never a bundler, so a local module is imported by its .ts path. A process, not a
// thread: a heap exhausted here (JSONata's sort needs memory quadratic in the array) ends this
// process only, never the one that asked.

export type ChildOptions = { timeout: number; stack: number; maxSortItems: number };
type ChildRequest = { expr: string; scope: unknown };
export type ChildReply = { ok: true; json: string } | { ok: false; message: string };
/** The first message of a child: it has loaded and waits for requests. */
export type ChildReady = { ready: true };

const send = (message: ChildReply | ChildReady) => process.send?.(message);
// The parent is gone (or dropped this child): nothing is left to answer.
process.on("disconnect", () => process.exit(0));

const { SafeRegExp } = (await import(new URL("./safe-regex.ts", import.meta.url).href)) as typeof import("./safe-regex");
const { maxSortItems, ...limits } = JSON.parse(process.argv[2] ?? "{}") as ChildOptions;
const options = { ...limits, RegexEngine: SafeRegExp as unknown as RegExpConstructor };
const cache = new Map<string, jsonata.Expression>();

const messageOf = (err: unknown) => (err && typeof err === "object" && "message" in err ? String(err.message) : String(err));
const builtin = async <F>(name: string) => ((await jsonata(`$${name}`).evaluate({})) as { implementation: F }).implementation;

// $toMillis with a picture turns the picture (a tenant's string) into a native, backtracking
// RegExp inside JSONata. For that one synchronous call the process's global RegExp is RE2;
// nothing else runs in this process meanwhile.
type ToMillis = (this: unknown, timestamp?: string, picture?: string) => number | undefined;
const builtinToMillis = await builtin<ToMillis>("toMillis");
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

// JSONata's sort needs memory quadratic in the array (10,000 numbers ≈ 110 MB, 20,000 exhaust a
// 256 MB heap). $sort refuses longer arrays with a clear message instead of ending the process;
// the order-by operator ^(…) uses the same sort internally and cannot be wrapped: there the
// process limit stops it.
type Sort = (this: unknown, arr: unknown, comparator?: unknown) => Promise<unknown>;
const builtinSort = await builtin<Sort>("sort");

function sort(this: unknown, arr: unknown, comparator?: unknown): Promise<unknown> {
  if (Array.isArray(arr) && arr.length > maxSortItems) {
    throw new Error(`$sort takes at most ${maxSortItems.toLocaleString("en-US")} items; this array has ${arr.length.toLocaleString("en-US")}`);
  }
  return builtinSort.call(this, arr, comparator);
}

function compiled(expr: string): jsonata.Expression {
  let hit = cache.get(expr);
  if (hit) return hit;
  hit = jsonata(expr, options);
  hit.registerFunction("toMillis", toMillis, "<s-s?:n>");
  hit.registerFunction("sort", sort, "<af?:a>");
  if (cache.size > 1000) cache.clear();
  cache.set(expr, hit);
  return hit;
}

async function evaluate({ expr, scope }: ChildRequest): Promise<ChildReply> {
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

process.on("message", (request: ChildRequest) => {
  void evaluate(request).then(send);
});
send({ ready: true });
