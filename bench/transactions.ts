import type pg from "pg";

// PostgreSQL transactions a request costs, counted in the bench database's statistics: on the
// API and inbound paths every statement is its own transaction, so this is their statement
// count. Idle backends flush their statistics within ~10 s, hence the settling reads.

/** Transactions committed or rolled back per call of `request`, over `requests` sequential calls. */
export async function transactionsPerRequest(admin: pg.Client, db: string, request: () => Promise<void>, requests = 500): Promise<number> {
  const read = async () => Number((await admin.query("SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1", [db])).rows[0].n);
  const settled = async () => {
    let last = await read();
    for (let i = 0; i < 30; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = await read();
      if (now === last && i >= 11) return now;
      last = now;
    }
    return last;
  };
  const before = await settled();
  for (let i = 0; i < requests; i++) await request();
  return ((await settled()) - before) / requests;
}
