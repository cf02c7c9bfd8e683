import pg from "pg";

// The statements a piece of code sends to PostgreSQL, seen where every client of this process
// sends them (pg's Client.query: the raw pool, and Prisma through @prisma/adapter-pg). The rate
// limiter's background flushes (lib/rate-limit/shared-counters.ts) are left out: they are not
// the request's and land whenever their timer fires.

type QueryArg = string | { text?: string; name?: string };
const textOf = (arg: QueryArg): string => (typeof arg === "string" ? arg : (arg?.text ?? `(prepared ${arg?.name ?? "?"})`));
const isRateLimiterFlush = (text: string) => /rate.?limit/i.test(text);

/** Runs `fn`, returning its result and the texts of the statements it sent. */
export async function statementsOf<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const statements: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = textOf(args[0] as QueryArg);
    if (!isRateLimiterFlush(text)) statements.push(text);
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    proto.query = original;
  }
}
