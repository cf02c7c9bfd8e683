import pg from "pg";
import type { DbUrl } from "@/lib/connections/probes/connection-string";
import { CallError } from "../call-error";
import { paramsArg, RowCollector, StatementError, stringArg, type RowsResult } from "./limits";

// PostgreSQL tools. A read-only instance's statement runs in `BEGIN READ ONLY`, so the server
// refuses any write (DDL included) whatever the SQL says; the extended protocol admits exactly
// one statement, so no `COMMIT; …` can follow. Settings are `SET LOCAL` inside the transaction
// rather than startup parameters or session settings: poolers (PgBouncer) refuse the first and
// would hand the second on to other clients. The server enforces the statement timeout; rows
// past the caps are dropped as they arrive.

export type DbTarget = { url: DbUrl; address: string; readOnly: boolean; timeoutMs: number };

const AUTH_CODES = new Set(["28P01", "28000", "3D000"]);

export async function runPostgresTool(t: DbTarget, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  const sslmode = t.url.params.get("sslmode");
  const client = new pg.Client({
    host: t.address,
    port: t.url.port ?? 5432,
    user: t.url.username || undefined,
    password: t.url.password,
    database: t.url.database || undefined,
    ssl: sslmode && sslmode !== "disable" ? { servername: t.url.host, rejectUnauthorized: sslmode === "verify-full" || sslmode === "verify-ca" } : undefined,
    connectionTimeoutMillis: t.timeoutMs,
    application_name: "agentruntime-mcp-instance",
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && AUTH_CODES.has(code)) throw new CallError("database_unauthorized", "The database refused the connection's credentials or database name", false);
    throw new CallError("database_unreachable", "Could not connect to the database", true);
  }
  // The server cancels the statement at the limit; this guard covers a server that stops answering.
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      reject(new StatementError("statement_timeout", "The database did not answer in time"));
    }, t.timeoutMs + 2_000);
  });
  try {
    return await Promise.race([transaction(client, t, tool, args), guard]);
  } catch (err) {
    throw statementError(err);
  } finally {
    clearTimeout(timer);
    await client.end().catch(() => {});
  }
}

async function transaction(client: pg.Client, t: DbTarget, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  await client.query(t.readOnly ? "BEGIN READ ONLY" : "BEGIN");
  await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(t.timeoutMs))}`);
  const out = await run(client, tool, args);
  await client.query(t.readOnly ? "ROLLBACK" : "COMMIT");
  return out;
}

function run(client: pg.Client, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  if (tool === "query") return rows(client, stringArg(args, "sql"), paramsArg(args));
  if (tool === "list_tables")
    return rows(
      client,
      `SELECT table_schema AS schema, table_name AS name, table_type AS type FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      [],
    );
  if (tool === "describe") {
    const [schema, table] = splitName(stringArg(args, "table", 256));
    return rows(
      client,
      `SELECT table_schema AS schema, column_name AS name, data_type AS type, is_nullable = 'YES' AS nullable, column_default AS "default"
       FROM information_schema.columns
       WHERE table_name = $1 AND (table_schema = $2::text OR ($2::text IS NULL AND table_schema = ANY (current_schemas(false))))
       ORDER BY table_schema, ordinal_position`,
      [table, schema],
    ).then((r) => {
      if (r.rows.length === 0) throw new StatementError("table_not_found", `No table or view named ${args.table as string} is visible`);
      return r;
    });
  }
  throw new StatementError("unknown_tool", `${tool} is not a tool of this adapter`);
}

export function splitName(name: string): [string | null, string] {
  const dot = name.indexOf(".");
  return dot > 0 ? [name.slice(0, dot), name.slice(dot + 1)] : [null, name];
}

function rows(client: pg.Client, text: string, values: unknown[]): Promise<RowsResult> {
  const collector = new RowCollector();
  return new Promise((resolve, reject) => {
    // No callback and no query_timeout (pg would add one): rows then stream through the 'row' event instead of piling up.
    const q = new pg.Query({ text, values, queryMode: "extended" } as pg.QueryConfig);
    q.on("row", (row: Record<string, unknown>) => collector.add(row));
    q.on("error", reject);
    q.on("end", (res: pg.QueryResult) =>
      resolve({ columns: (res.fields ?? []).map((f) => ({ name: f.name })), rows: collector.rows, rowCount: res.rowCount ?? null, truncated: collector.truncated }),
    );
    client.query(q);
  });
}

function statementError(err: unknown): Error {
  if (err instanceof StatementError || err instanceof CallError) return err;
  const e = err as { code?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : "The statement failed";
  if (e.code === "25006") return new StatementError("read_only", `${message} (the instance is read-only)`);
  if (e.code === "57014") return new StatementError("statement_timeout", "The statement ran past the time limit and was cancelled");
  if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return new StatementError("statement_failed", `${message} (SQLSTATE ${e.code})`);
  if (/timeout/i.test(message)) return new StatementError("statement_timeout", "The statement ran past the time limit");
  return new CallError("database_unreachable", "The connection to the database was lost", true);
}
