import type { Tx } from "@/lib/db/client";

// The one way to put a pg-boss job into a statement of our own. pg-boss writes the job with its
// own SQL and hands it to `executeSql` (the `db` option of send); the wrapper returned here puts
// our rows in front of it as data-modifying CTEs, so they and the job commit together in ONE
// round trip (an inbound delivery's log line, a run with its hold and first event).
//
// `ctes(n)` returns the CTEs' text (without WITH); its parameters are numbered after pg-boss's
// `n` values. `wakeChannel`: the queue's own NOTIFY is off (pg-boss's wakes every fetch loop of
// every worker); instead the statement sends one pg_notify on this channel when a job was
// inserted, and each worker wakes one idle fetch loop per notice (lib/runs/engine/run-wakeups.ts).

type Client = Pick<Tx, "$queryRawUnsafe">;

export type JobStatementParts = {
  ctes?: (n: number) => string;
  values?: unknown[];
  /** Sends pg_notify(channel, queue) when the job was inserted (only for jobs runnable now). */
  wake?: { channel: string; payload: string };
  /**
   * A boolean SQL expression (it may read the CTEs): the job is inserted only when it holds;
   * otherwise the statement inserts no job and returns no row (send() answers null).
   */
  gate?: string;
};

// pg-boss reads the jobs to insert from its first parameter (plans.insertJobs).
const JOBS_SOURCE = "json_to_recordset($1::text::json)";

function gated(text: string, gate: string | undefined): string {
  if (gate === undefined) return text;
  const at = text.indexOf(JOBS_SOURCE);
  if (at < 0 || text.indexOf(JOBS_SOURCE, at + 1) >= 0) throw new Error("pg-boss's job insert does not read its jobs from one json_to_recordset($1): the statement cannot be gated");
  return `${text.slice(0, at)}json_to_recordset(CASE WHEN ${gate} THEN $1::text ELSE '[]' END::json)${text.slice(at + JOBS_SOURCE.length)}`;
}

/** The SQL pg-boss hands over, with `parts` in front of it (exported for tests of the composition). */
export function composeJobStatement(bossText: string, pgBossValues: number, parts: JobStatementParts): string {
  const text = gated(bossText, parts.gate);
  const ctes = parts.ctes?.(pgBossValues);
  const withWith = /^\s*WITH\s/i.exec(text);
  if (withWith) {
    // A queue with pg-boss's own NOTIFY: its statement is WITH ins AS (…) …; splice ours in front.
    if (parts.wake) throw new Error("a queue with pg-boss's own NOTIFY cannot also take a wake-up notice");
    if (!ctes) return text;
    return `WITH ${ctes}, ${text.slice(withWith[0].length)}`;
  }
  if (!/^\s*INSERT\s/i.test(text)) throw new Error("pg-boss's job insert is neither WITH … nor INSERT …: the statement cannot be composed");
  if (!parts.wake) return ctes ? `WITH ${ctes} ${text}` : text;
  // The same shape as pg-boss's notify wrapper (plans.insertJobs), on our channel: the wake CTE is
  // referenced from the final WHERE so PostgreSQL evaluates it; LIMIT 1 sends one notice.
  const p = pgBossValues + (parts.values?.length ?? 0);
  return `WITH ${ctes ? `${ctes}, ` : ""}job AS (${text}),
    wake AS (SELECT pg_notify($${p + 1}::text, $${p + 2}::text) FROM job LIMIT 1)
    SELECT id FROM job WHERE (SELECT count(*) FROM wake) >= 0`;
}

/** The `db` option for pg-boss's send(): runs the job insert with `parts` on `client` (db or a transaction). */
export function jobStatementDb(client: Client, parts: JobStatementParts) {
  return {
    executeSql: async (text: string, values: unknown[] = []) => {
      const sql = composeJobStatement(text, values.length, parts);
      const wake = parts.wake ? [parts.wake.channel, parts.wake.payload] : [];
      const rows = await client.$queryRawUnsafe<unknown[]>(sql, ...values, ...(parts.values ?? []), ...wake);
      return { rows };
    },
  };
}
