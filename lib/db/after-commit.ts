import { logger } from "@/lib/core/logger";
import type { Tx } from "./client";

// Work to do once a transaction has committed (announcing what it wrote to another system, e.g.
// Redis, which must not hear of a row before it is readable). `db.$transaction(fn)` (client.ts)
// runs the callbacks registered on its `tx` after the commit, and drops them on a rollback.

const open = new WeakMap<object, (() => void)[]>();

/** Runs `fn` once `tx` has committed; at once when `tx` is not an open transaction of `db` (its statements are already committed). */
export function afterCommit(tx: Tx, fn: () => void): void {
  const queue = open.get(tx);
  if (queue) queue.push(fn);
  else fn();
}

/** For client.ts: wraps an interactive transaction's body so its afterCommit callbacks run after the commit. */
export async function withAfterCommit<T>(begin: (body: (tx: Tx) => Promise<T>) => Promise<T>, body: (tx: Tx) => Promise<T>): Promise<T> {
  const queue: (() => void)[] = [];
  const result = await begin((tx) => {
    open.set(tx, queue);
    return body(tx);
  });
  // The transaction has committed: a failing callback must not make its caller think otherwise.
  for (const fn of queue) {
    try {
      fn();
    } catch (err) {
      logger.error("after-commit callback threw", { err });
    }
  }
  return result;
}
