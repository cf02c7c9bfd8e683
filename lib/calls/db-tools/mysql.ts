import mysql from "mysql2/promise";
import { CallError } from "../call-error";
import { paramsArg, RowCollector, StatementError, stringArg, type RowsResult } from "./limits";
import { splitName, type DbTarget } from "./postgres";

// MySQL and MariaDB tools. A read-only instance's session is `SET SESSION TRANSACTION READ ONLY`
// and its statement runs in `START TRANSACTION READ ONLY`, so the server refuses writes (a DDL
// statement's implicit commit lands in another read-only transaction); one statement per call
// (multipleStatements is off). The server's own statement time limit applies (MariaDB's
// max_statement_time, MySQL's max_execution_time) with the client's timeout around it.

const AUTH_CODES = new Set(["ER_ACCESS_DENIED_ERROR", "ER_DBACCESS_DENIED_ERROR", "ER_BAD_DB_ERROR", "ER_HOST_NOT_PRIVILEGED"]);
const SYSTEM_SCHEMAS = "('mysql', 'information_schema', 'performance_schema', 'sys')";

export async function runMysqlTool(t: DbTarget, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  const sslMode = t.url.params.get("ssl-mode") ?? t.url.params.get("sslmode");
  let conn: mysql.Connection;
  try {
    conn = await mysql.createConnection({
      host: t.address,
      port: t.url.port ?? 3306,
      user: t.url.username || undefined,
      password: t.url.password,
      database: t.url.database || undefined,
      connectTimeout: t.timeoutMs,
      multipleStatements: false,
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      ssl: sslMode && !/^disabled?$/i.test(sslMode) ? { rejectUnauthorized: /^verify/i.test(sslMode) } : undefined,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string" && AUTH_CODES.has(code)) throw new CallError("database_unauthorized", "The database refused the connection's credentials or database name", false);
    throw new CallError("database_unreachable", "Could not connect to the database", true);
  }
  conn.on("error", () => {});
  try {
    await conn.query(`SET SESSION max_statement_time = ${Math.max(1, Math.ceil(t.timeoutMs / 1000))}`).catch(() => conn.query(`SET SESSION max_execution_time = ${Math.ceil(t.timeoutMs)}`).catch(() => undefined));
    if (t.readOnly) await conn.query("SET SESSION TRANSACTION READ ONLY");
    await conn.query(t.readOnly ? "START TRANSACTION READ ONLY" : "START TRANSACTION");
    const out = await run(conn, t, tool, args);
    await conn.query(t.readOnly ? "ROLLBACK" : "COMMIT");
    return out;
  } catch (err) {
    throw statementError(err);
  } finally {
    conn.destroy();
  }
}

function run(conn: mysql.Connection, t: DbTarget, tool: string, args: Record<string, unknown>): Promise<RowsResult> {
  if (tool === "query") return rows(conn, t, stringArg(args, "sql"), paramsArg(args));
  if (tool === "list_tables")
    return rows(conn, t, `SELECT table_schema AS \`schema\`, table_name AS name, table_type AS type FROM information_schema.tables WHERE table_schema NOT IN ${SYSTEM_SCHEMAS} ORDER BY 1, 2`, []);
  if (tool === "describe") {
    const [schema, table] = splitName(stringArg(args, "table", 256));
    return rows(
      conn,
      t,
      `SELECT column_name AS name, column_type AS type, is_nullable = 'YES' AS nullable, column_default AS \`default\`
       FROM information_schema.columns WHERE table_name = ? AND table_schema = COALESCE(?, DATABASE()) ORDER BY ordinal_position`,
      [table, schema],
    ).then((r) => {
      if (r.rows.length === 0) throw new StatementError("table_not_found", `No table or view named ${args.table as string} is visible`);
      return r;
    });
  }
  throw new StatementError("unknown_tool", `${tool} is not a tool of this adapter`);
}

type CoreQuery = {
  on(event: "fields", fn: (fields: { name: string }[]) => void): CoreQuery;
  on(event: "result", fn: (row: Record<string, unknown>) => void): CoreQuery;
  on(event: "error", fn: (err: Error) => void): CoreQuery;
  on(event: "end", fn: () => void): CoreQuery;
};

/** Streams the rows through the caps (the promise API would buffer them all). */
function rows(conn: mysql.Connection, t: DbTarget, sql: string, values: unknown[]): Promise<RowsResult> {
  const collector = new RowCollector();
  let columns: { name: string }[] = [];
  let rowCount: number | null = null;
  return new Promise((resolve, reject) => {
    const core = (conn as unknown as { connection: { query(o: object): CoreQuery } }).connection;
    core
      .query({ sql, values, timeout: t.timeoutMs + 2_000 })
      .on("fields", (f) => (columns = (f ?? []).map((c) => ({ name: c.name }))))
      .on("result", (row) => {
        // A statement without a result set (INSERT, UPDATE…) answers one header with affectedRows.
        if (row && typeof row === "object" && "affectedRows" in row && columns.length === 0) rowCount = Number(row.affectedRows);
        else collector.add(row);
      })
      .on("error", reject)
      .on("end", () => resolve({ columns, rows: collector.rows, rowCount: rowCount ?? collector.rows.length, truncated: collector.truncated }));
  });
}

function statementError(err: unknown): Error {
  if (err instanceof StatementError || err instanceof CallError) return err;
  const e = err as { code?: unknown; errno?: unknown; sqlState?: unknown; message?: unknown };
  const message = typeof e.message === "string" ? e.message : "The statement failed";
  if (e.errno === 1792 || e.sqlState === "25006") return new StatementError("read_only", `${message} (the instance is read-only)`);
  if (e.errno === 1969 || e.errno === 3024 || e.code === "PROTOCOL_SEQUENCE_TIMEOUT") return new StatementError("statement_timeout", "The statement ran past the time limit and was cancelled");
  if (typeof e.sqlState === "string") return new StatementError("statement_failed", `${message} (SQLSTATE ${e.sqlState})`);
  return new CallError("database_unreachable", "The connection to the database was lost", true);
}
