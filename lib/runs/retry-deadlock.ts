// Our transactions take Run rows (by id) before the workspace's balance row (the order the SQL
// functions of migrations run_checkpoint_fn and checkpoint_contention document); a deadlock can
// still happen against code that takes them the other way round. PostgreSQL then aborts one
// side, which is safe to retry from the start.

function isDeadlock(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown; message?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e.code === "P2034" || e.code === "40P01" || e.code === "40001") return true;
    if (typeof e.message === "string" && /deadlock detected|could not serialize/i.test(e.message)) return true;
  }
  return false;
}

export async function retryOnDeadlock<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !isDeadlock(err)) throw err;
      await new Promise((r) => setTimeout(r, 10 * i + Math.floor(Math.random() * 20)));
    }
  }
}
